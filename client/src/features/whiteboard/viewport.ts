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

/** Where the board looks, without the window size: what following sets and Excalidraw reports. */
type View = Pick<ViewState, "scrollX" | "scrollY" | "zoom">;

/** Scroll within this many scene units, and zoom within this ratio, is the view we set ourselves. */
const ECHO_SCROLL_EPSILON = 0.5;
const ECHO_ZOOM_EPSILON = 1e-6;
/** Views we set that may still be reported back (React can commit several in one batch). */
const ECHO_MEMORY = 4;

/**
 * Tells the follower's own view changes from the echoes of the views following applies: Excalidraw
 * reports every scroll change, including the ones we make, and only a change we did not make
 * means the person moved the board themselves (UI4).
 */
export class FollowEcho {
  private readonly applied: View[] = [];

  /** Call with each view following applies, before Excalidraw can report it. */
  applying(view: View): void {
    this.applied.push(view);
    if (this.applied.length > ECHO_MEMORY) this.applied.shift();
  }

  /** True if a reported view is not one following applied. */
  isOwnMove(view: View): boolean {
    return !this.applied.some(
      (a) =>
        Math.abs(a.scrollX - view.scrollX) <= ECHO_SCROLL_EPSILON &&
        Math.abs(a.scrollY - view.scrollY) <= ECHO_SCROLL_EPSILON &&
        Math.abs(a.zoom - view.zoom) <= ECHO_ZOOM_EPSILON * a.zoom,
    );
  }
}
