import { useId } from "react";
import type { Rubric } from "@mockroom/shared";
import { cx } from "../../ui/index.ts";

export interface NoteChipsProps {
  rubric: Rubric;
  dimensionId: string | null;
  tags: string[];
  onDimension: (id: string | null) => void;
  onTags: (tags: string[]) => void;
}

/**
 * The dimension chip and evidence tags of a note, shared by the composer and the inline editor.
 * With a dimension chosen, only its tags (and untied or already picked ones) are offered.
 */
export const NoteChips = ({ rubric, dimensionId, tags, onDimension, onTags }: NoteChipsProps) => {
  // Composer and editors can be on screen together: label ids must be unique per instance.
  const id = useId();
  const tagList = dimensionId
    ? rubric.evidenceTags.filter(
        (t) => t.dimensionId === undefined || t.dimensionId === dimensionId || tags.includes(t.id),
      )
    : rubric.evidenceTags;
  const toggleTag = (tag: string) => onTags(tags.includes(tag) ? tags.filter((x) => x !== tag) : [...tags, tag]);
  return (
    <>
      <p className="chips__label" id={`${id}-dims`}>
        Dimension
      </p>
      <div className="chips" role="group" aria-labelledby={`${id}-dims`}>
        {rubric.dimensions.map((d) => (
          <button
            key={d.id}
            type="button"
            className={cx("chip", dimensionId === d.id && "chip--on")}
            aria-pressed={dimensionId === d.id}
            title={d.title}
            onClick={() => onDimension(dimensionId === d.id ? null : d.id)}
          >
            {d.title}
          </button>
        ))}
      </div>
      <p className="chips__label" id={`${id}-tags`}>
        Evidence
      </p>
      <div className="chips" role="group" aria-labelledby={`${id}-tags`}>
        {tagList.map((t) => (
          <button
            key={t.id}
            type="button"
            className={cx("chip", "chip--tag", `chip--${t.polarity}`, tags.includes(t.id) && "chip--on")}
            aria-pressed={tags.includes(t.id)}
            title={t.label}
            onClick={() => toggleTag(t.id)}
          >
            {t.polarity === "positive" ? "+ " : "− "}
            {t.label}
          </button>
        ))}
      </div>
    </>
  );
};
