import { useEffect, useState, type ReactNode } from "react";
import { DEFAULT_SPLIT } from "../../session/index.ts";
import { SplitPane, Tabs } from "../../ui/index.ts";

/** Below this width the board and the pad become tabs: a split would leave both too cramped. */
const NARROW_QUERY = "(max-width: 900px)";

const useMediaQuery = (query: string): boolean => {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setMatches(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, [query]);
  return matches;
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
  const narrow = useMediaQuery(NARROW_QUERY);
  if (!narrow) {
    return (
      <div className="workspace">
        <SplitPane
          ratio={ratio}
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
    <div className="workspace workspace--tabs">
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
