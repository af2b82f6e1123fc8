import { memo } from "react";
import type { DocChange, TimelineElement } from "@mockroom/shared";

/*
 * A lightweight read-only renderer of Excalidraw elements as SVG. The replay needs to draw a scene
 * dozens of times a second while scrubbing; a plain SVG of the visible elements is cheap, has no
 * editor state to fight, and keeps the 1 MB editor out of the replay page. It draws what a reviewer
 * needs (shapes, arrows, strokes, text, colours); hand-drawn roughness is not reproduced.
 */

type Point = readonly [number, number];
const num = (el: TimelineElement, key: string, fallback = 0): number => {
  const v: unknown = el[key];
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
};
const text = (el: TimelineElement, key: string): string | null => {
  const v: unknown = el[key];
  return typeof v === "string" ? v : null;
};
const pointsOf = (el: TimelineElement): Point[] => {
  const raw: unknown = el["points"];
  if (!Array.isArray(raw)) return [];
  const out: Point[] = [];
  for (const p of raw)
    if (Array.isArray(p) && typeof p[0] === "number" && typeof p[1] === "number") out.push([p[0], p[1]]);
  return out;
};

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const boundsOfElement = (el: TimelineElement): Bounds => {
  const x = num(el, "x");
  const y = num(el, "y");
  const pts = pointsOf(el);
  if (pts.length > 0) {
    const xs = pts.map((p) => x + p[0]);
    const ys = pts.map((p) => y + p[1]);
    return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
  }
  const w = num(el, "width");
  const h = num(el, "height");
  return { minX: Math.min(x, x + w), minY: Math.min(y, y + h), maxX: Math.max(x, x + w), maxY: Math.max(y, y + h) };
};

/** One camera for the whole replay: the union of everything ever drawn, so scrubbing never pans. */
export const sessionBounds = (changes: readonly DocChange[]): Bounds | null => {
  let b: Bounds | null = null;
  for (const c of changes)
    for (const [, el] of c.b ?? []) {
      if (!el || el.isDeleted) continue;
      const e = boundsOfElement(el);
      b = b
        ? {
            minX: Math.min(b.minX, e.minX),
            minY: Math.min(b.minY, e.minY),
            maxX: Math.max(b.maxX, e.maxX),
            maxY: Math.max(b.maxY, e.maxY),
          }
        : e;
    }
  return b;
};

const FONT: Record<number, string> = {
  1: "Virgil, 'Comic Sans MS', cursive",
  2: "Helvetica, Arial, sans-serif",
  3: "'Cascadia Code', ui-monospace, monospace",
  5: "Virgil, 'Comic Sans MS', cursive",
};

const dash = (el: TimelineElement): string | undefined => {
  const w = num(el, "strokeWidth", 2);
  const style = text(el, "strokeStyle");
  return style === "dashed" ? `${w * 4} ${w * 3}` : style === "dotted" ? `${w} ${w * 2}` : undefined;
};

const Shape = ({ el }: { el: TimelineElement }) => {
  const x = num(el, "x");
  const y = num(el, "y");
  const w = num(el, "width");
  const h = num(el, "height");
  const stroke = text(el, "strokeColor") ?? "#1e1e1e";
  const bg = text(el, "backgroundColor");
  const fill = bg && bg !== "transparent" ? bg : "none";
  const fillOpacity = text(el, "fillStyle") === "solid" ? 1 : 0.35;
  const common = {
    stroke,
    strokeWidth: num(el, "strokeWidth", 2),
    strokeDasharray: dash(el),
    fill,
    fillOpacity,
    strokeLinecap: "round" as const,
    strokeLinejoin: "round" as const,
  };
  const angle = (num(el, "angle") * 180) / Math.PI;
  const transform = angle ? `rotate(${angle} ${x + w / 2} ${y + h / 2})` : undefined;
  const opacity = num(el, "opacity", 100) / 100;
  const g = (child: React.ReactNode) => (
    <g data-element-id={el.id} data-type={el.type} transform={transform} opacity={opacity}>
      {child}
    </g>
  );
  switch (el.type) {
    case "rectangle":
    case "frame":
    case "magicframe":
    case "image":
    case "embeddable":
    case "iframe":
      return g(
        <rect
          x={Math.min(x, x + w)}
          y={Math.min(y, y + h)}
          width={Math.abs(w)}
          height={Math.abs(h)}
          rx={el["roundness"] ? Math.min(16, Math.abs(w) / 6, Math.abs(h) / 6) : 0}
          {...common}
        />,
      );
    case "ellipse":
      return g(<ellipse cx={x + w / 2} cy={y + h / 2} rx={Math.abs(w / 2)} ry={Math.abs(h / 2)} {...common} />);
    case "diamond":
      return g(
        <polygon
          points={`${x + w / 2},${y} ${x + w},${y + h / 2} ${x + w / 2},${y + h} ${x},${y + h / 2}`}
          {...common}
        />,
      );
    case "line":
    case "arrow":
    case "freedraw": {
      const pts = pointsOf(el);
      const path = pts.map((p, i) => `${i ? "L" : "M"}${x + p[0]} ${y + p[1]}`).join(" ");
      const isArrow = el.type === "arrow" && pts.length >= 2 && text(el, "endArrowhead") !== null;
      let head: string | null = null;
      if (isArrow) {
        const [a, b] = [pts[pts.length - 2]!, pts[pts.length - 1]!];
        const ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
        const len = 12 + num(el, "strokeWidth", 2) * 2;
        const tip: Point = [x + b[0], y + b[1]];
        const left: Point = [tip[0] - len * Math.cos(ang - 0.45), tip[1] - len * Math.sin(ang - 0.45)];
        const right: Point = [tip[0] - len * Math.cos(ang + 0.45), tip[1] - len * Math.sin(ang + 0.45)];
        head = `M${left[0]} ${left[1]} L${tip[0]} ${tip[1]} L${right[0]} ${right[1]}`;
      }
      return g(
        <>
          <path
            d={path}
            {...common}
            fill={el.type === "freedraw" ? "none" : common.fill}
            fillOpacity={el.type === "line" ? fillOpacity : 0}
          />
          {head && <path d={head} {...common} fill="none" />}
        </>,
      );
    }
    case "text": {
      const size = num(el, "fontSize", 20);
      const lines = (text(el, "text") ?? "").split("\n");
      const align = text(el, "textAlign");
      const anchor = align === "center" ? "middle" : align === "right" ? "end" : "start";
      const tx = anchor === "middle" ? x + w / 2 : anchor === "end" ? x + w : x;
      const lineHeight = num(el, "lineHeight", 1.25) * size;
      return g(
        <text
          x={tx}
          y={y}
          fontSize={size}
          fontFamily={FONT[num(el, "fontFamily", 5)] ?? FONT[5]}
          fill={stroke}
          textAnchor={anchor}
          dominantBaseline="hanging"
        >
          {lines.map((line, i) => (
            <tspan key={i} x={tx} dy={i === 0 ? 0 : lineHeight}>
              {line}
            </tspan>
          ))}
        </text>,
      );
    }
    default:
      return null;
  }
};

const PAD = 40;

export const BoardSvg = memo(function BoardSvg({
  elements,
  bounds,
}: {
  elements: readonly TimelineElement[];
  bounds: Bounds | null;
}) {
  const b = bounds ?? { minX: 0, minY: 0, maxX: 800, maxY: 500 };
  const w = Math.max(200, b.maxX - b.minX + PAD * 2);
  const h = Math.max(150, b.maxY - b.minY + PAD * 2);
  return (
    <svg
      className="replay-board__svg"
      viewBox={`${b.minX - PAD} ${b.minY - PAD} ${w} ${h}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`Whiteboard at the playhead: ${elements.length} element${elements.length === 1 ? "" : "s"}`}
      data-testid="replay-board"
      data-element-count={elements.length}
    >
      {elements.map((el) => (
        <Shape key={el.id} el={el} />
      ))}
    </svg>
  );
});
