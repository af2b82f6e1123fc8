import type { BoardViewport } from "@mockroom/shared";

/** The part of Excalidraw's app state that defines what is on screen. */
export interface ViewState {
  scrollX: number;
  scrollY: number;
  zoom: number;
  width: number;
  height: number;
}

/**
 * Excalidraw maps scene to screen as `screen = (scene + scroll) * zoom`. We publish the scene
 * point at the centre of the screen, so a follower with another window size sees the same middle.
 */
export const viewportOf = (v: ViewState): BoardViewport => ({
  cx: v.width / 2 / v.zoom - v.scrollX,
  cy: v.height / 2 / v.zoom - v.scrollY,
  zoom: v.zoom,
});

export const scrollFor = (
  vp: BoardViewport,
  size: { width: number; height: number },
): { scrollX: number; scrollY: number } => ({
  scrollX: size.width / 2 / vp.zoom - vp.cx,
  scrollY: size.height / 2 / vp.zoom - vp.cy,
});
