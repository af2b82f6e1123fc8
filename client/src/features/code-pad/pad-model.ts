import type * as Y from "yjs";
import { z } from "zod";
import { DEFAULT_PAD_LANGUAGE as SHARED_DEFAULT_LANGUAGE, DocKey, MetaKey } from "@mockroom/shared";
import { Store } from "../../realtime/store.ts";

export const PadLanguage = z.enum(["python", "typescript", "sql", "java", "cpp", "go"]);
export type PadLanguage = z.infer<typeof PadLanguage>;

export const PAD_LANGUAGE_LABELS: Record<PadLanguage, string> = {
  python: "Python",
  typescript: "TypeScript",
  sql: "SQL",
  java: "Java",
  cpp: "C++",
  go: "Go",
};

/** One default for the pad, the replay and the export (shared); typed here as one of the pad's languages. */
export const DEFAULT_PAD_LANGUAGE: PadLanguage = SHARED_DEFAULT_LANGUAGE;

/**
 * The code pad's shared state, framework-free: the text (a Y.Text) and the language, kept in the
 * doc's meta map so everyone's highlighting switches together. An unset or unknown language reads
 * as the default; nothing is written until someone picks one (observers never write).
 */
export class PadModel {
  readonly text: Y.Text;
  readonly language: Store<PadLanguage>;
  private readonly meta: Y.Map<unknown>;

  constructor(doc: Y.Doc) {
    this.text = doc.getText(DocKey.Pad);
    this.meta = doc.getMap<unknown>(DocKey.Meta);
    this.language = new Store(this.readLanguage());
    this.meta.observe(this.onMeta);
  }

  private readLanguage(): PadLanguage {
    const parsed = PadLanguage.safeParse(this.meta.get(MetaKey.Language));
    return parsed.success ? parsed.data : DEFAULT_PAD_LANGUAGE;
  }

  private readonly onMeta = () => this.language.set(this.readLanguage());

  setLanguage(language: PadLanguage): void {
    if (language === this.language.get() && this.meta.has(MetaKey.Language)) return;
    this.meta.set(MetaKey.Language, language);
  }

  destroy(): void {
    this.meta.unobserve(this.onMeta);
  }
}
