import { describe, expect, it } from "vitest";
import { BOARD_MIN_PX, workspaceLayout } from "./workspace-layout.ts";

/** Excalidraw 0.18.1 uses its mobile layout below this container width (MQ_MAX_WIDTH_PORTRAIT). */
const EXCALIDRAW_MOBILE_BELOW_PX = 730;

describe("workspace layout", () => {
  it("[UI2] never gives the board less than Excalidraw's desktop width", () => {
    expect(BOARD_MIN_PX).toBeGreaterThanOrEqual(EXCALIDRAW_MOBILE_BELOW_PX);
    for (let width = 600; width <= 2560; width += 7) {
      const l = workspaceLayout(width);
      // In tabs the board gets the whole width; in a split at least minRatio of it.
      const board = l.mode === "tabs" ? width : width * l.minRatio;
      if (width >= EXCALIDRAW_MOBILE_BELOW_PX) expect(board, `at ${width}px`).toBeGreaterThanOrEqual(730);
    }
  });

  it("[UI2] splits at 1440 px with or without the side panel, tabs at 1024 px", () => {
    expect(workspaceLayout(1440).mode).toBe("split");
    expect(workspaceLayout(1440 - 300).mode).toBe("split");
    expect(workspaceLayout(1024).mode).toBe("tabs");
    expect(workspaceLayout(1024 - 260).mode).toBe("tabs");
  });

  it("keeps the divider free on wide screens", () => {
    expect(workspaceLayout(2400).minRatio).toBe(0.31);
    expect(workspaceLayout(4000).minRatio).toBe(0.25);
  });
});
