import { useEffect, useState } from "react";

const FONT = '20px "Excalifont"';
const FONT_POLL_MS = 100;
/** After this we let people draw anyway: a slow font must not lock the board forever. */
const FONT_GIVE_UP_MS = 8_000;

const excalifontLoaded = (): boolean => {
  for (const face of document.fonts) {
    if (face.family.replace(/["']/g, "") === "Excalifont" && face.status === "loaded") return true;
  }
  return false;
};

/**
 * True once the hand-drawn font is loaded. Text measured with a fallback font gets the wrong
 * width, and that width syncs to every peer, so text must wait. Excalidraw registers its font
 * faces when it mounts, so we wait for its API before asking for the font.
 */
export const useExcalifont = (apiReady: boolean): boolean => {
  const [ready, setReady] = useState(() => excalifontLoaded());
  useEffect(() => {
    if (!apiReady || ready) return;
    let cancelled = false;
    const started = Date.now();
    const attempt = async () => {
      while (!cancelled && Date.now() - started < FONT_GIVE_UP_MS) {
        await document.fonts.load(FONT).catch(() => []);
        if (excalifontLoaded()) break;
        await new Promise((r) => setTimeout(r, FONT_POLL_MS));
      }
      if (!cancelled) setReady(true);
    };
    void attempt();
    return () => {
      cancelled = true;
    };
  }, [apiReady, ready]);
  return ready;
};
