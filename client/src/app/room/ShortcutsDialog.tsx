import { Dialog, Kbd } from "../../ui/index.ts";
import { SHORTCUTS } from "./shortcuts.ts";

export const ShortcutsDialog = ({ open, onClose }: { open: boolean; onClose: () => void }) => (
  <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
    <dl className="shortcuts">
      {SHORTCUTS.map((s) => (
        <div key={s.what} className="shortcuts__row">
          <dt>
            {s.keys.map((k, i) => (
              <span key={k}>
                {i > 0 && (s.keys[0] === "Esc" ? " then " : " + ")}
                <Kbd>{k}</Kbd>
              </span>
            ))}
          </dt>
          <dd>{s.what}</dd>
        </div>
      ))}
    </dl>
    <p className="shortcuts__note">
      The board has its own shortcuts too (R for rectangle, T for text…): press ? inside it.
    </p>
  </Dialog>
);
