/**
 * The read-only hook the client exposes on window for tests (see client/src/app/room/test-hook.ts).
 * Declared here because tests never import client source.
 */
export interface MockroomTestHook {
  boardElements(): number;
  docBoardElements(): number;
  boardSignature(): string;
  padText(): string;
  saveState(): string;
  connection(): string;
  docId(): string;
  docEpoch(): number | null;
}

declare global {
  interface Window {
    __mockroom?: MockroomTestHook;
  }
}
