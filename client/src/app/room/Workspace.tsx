import { useLayoutEffect, useState, type ReactNode } from "react";
import { DEFAULT_SPLIT } from "../../session/index.ts";
import { SplitPane, Tabs } from "../../ui/index.ts";
import { workspaceLayout } from "./workspace-layout.ts";

/** The element's width, kept current: the side panel and the window both change it. */
const useWidth = () => {
  // A callback ref: switching between split and tabs replaces the measured element.
  const [el, ref] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return { ref, width };
};

export type WorkspaceTab = "board" | "code";

export interface WorkspaceProps {
  board: ReactNode;
  pad: ReactNode;
  ratio: number;
  onRatioChange: (r: number) => void;
  tab: WorkspaceTab;
  onTabChange: (t: WorkspaceTab) => void;
}

/**
 * The board is the stage: it gets most of the width, the pad sits beside it. Both stay mounted in
 * tab mode so switching never reloads the board or loses the editor's state.
 */
export const Workspace = ({ board, pad, ratio, onRatioChange, tab, onTabChange }: WorkspaceProps) => {
  const { ref, width } = useWidth();
  // Before the first measurement, assume the window's width (the side panel only makes it narrower).
  const layout = workspaceLayout(width ?? window.innerWidth);
  if (layout.mode === "split") {
    return (
      <div className="workspace" ref={ref} data-layout="split">
        <SplitPane
          ratio={Math.max(ratio, layout.minRatio)}
          min={layout.minRatio}
          onRatioChange={onRatioChange}
          label="Resize board and code pad"
          defaultRatio={DEFAULT_SPLIT}
          firstId="board-pane"
          first={board}
          second={
            <div id="pad-pane" className="workspace__pad">
              {pad}
            </div>
          }
        />
      </div>
    );
  }
  return (
    <div className="workspace workspace--tabs" ref={ref} data-layout="tabs">
      <div className="workspace__tabbar">
        <Tabs<WorkspaceTab>
          label="Workspace"
          value={tab}
          onChange={onTabChange}
          items={[
            { value: "board", label: "Board", controls: "board-pane" },
            { value: "code", label: "Code", controls: "pad-pane" },
          ]}
        />
      </div>
      <div id="board-pane" role="tabpanel" className="workspace__panel" hidden={tab !== "board"}>
        {board}
      </div>
      <div id="pad-pane" role="tabpanel" className="workspace__panel" hidden={tab !== "code"}>
        {pad}
      </div>
    </div>
  );
};
