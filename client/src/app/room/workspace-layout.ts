/**
 * Excalidraw switches to its cramped mobile layout when its own container is narrower than 730 px
 * (0.18.1: `isMobileBreakpoint(editorWidth, …)` with MQ_MAX_WIDTH_PORTRAIT = 730; there is no
 * option to turn that off). So the board never gets less than BOARD_MIN_PX: the split's divider
 * stops there, and when the board and a usable pad do not both fit, they become tabs.
 */
export const BOARD_MIN_PX = 744;
export const PAD_MIN_PX = 320;

/** How the workspace lays out the board and the pad at a given width (px). */
export const workspaceLayout = (width: number): { mode: "split" | "tabs"; minRatio: number } =>
  width < BOARD_MIN_PX + PAD_MIN_PX
    ? { mode: "tabs", minRatio: 0 }
    : { mode: "split", minRatio: Math.max(0.25, BOARD_MIN_PX / width) };
