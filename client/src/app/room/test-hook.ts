import { DocKey, decodeBoardValue } from "@mockroom/shared";
import type { SceneReader } from "../../features/whiteboard/index.ts";
import type { RoomSession } from "../../realtime/index.ts";

/**
 * A read-only window into the room for end-to-end tests and for debugging by hand in DevTools.
 * It exposes nothing a participant cannot already see on screen.
 */
export interface MockroomTestHook {
  /** Visible elements in the rendered board (falls back to the doc until the board loads). */
  boardElements(): number;
  /** Visible elements in the round's doc. */
  docBoardElements(): number;
  /** `id@version` of the visible elements on screen, sorted ("" until the board loads). */
  boardSignature(): string;
  padText(): string;
  saveState(): string;
  connection(): string;
  docId(): string;
  /** The epoch of the doc on screen (DOC13), null until the server announced it. */
  docEpoch(): number | null;
}

declare global {
  interface Window {
    __mockroom?: MockroomTestHook;
  }
}

const visibleInDoc = (session: RoomSession): number => {
  let n = 0;
  session.doc
    .get()
    .doc.getMap<unknown>(DocKey.Board)
    .forEach((raw) => {
      const value = decodeBoardValue(raw);
      if (value !== null && Reflect.get(value, "isDeleted") !== true) n++;
    });
  return n;
};

export const installTestHook = (session: RoomSession, scene: () => SceneReader | null): (() => void) => {
  const hook: MockroomTestHook = {
    boardElements: () => scene()?.count() ?? visibleInDoc(session),
    docBoardElements: () => visibleInDoc(session),
    boardSignature: () => scene()?.signature() ?? "",
    padText: () => session.doc.get().doc.getText(DocKey.Pad).toString(),
    saveState: () => session.save.get(),
    connection: () => session.connection.get(),
    docId: () => session.doc.get().docId,
    docEpoch: () => session.doc.get().epoch,
  };
  window.__mockroom = hook;
  return () => {
    if (window.__mockroom === hook) delete window.__mockroom;
  };
};
