/**
 * Local copies of docs that hold edits the server has not confirmed (UI5), in IndexedDB, so that
 * closing the tab or the browser while offline loses nothing: the next visit carries them over
 * once it has synced (`carryOver`, as a DOC13 reset does). Only unsaved state is ever kept: a copy
 * is deleted as soon as everything is saved, so a shared computer keeps nothing of a finished mock.
 */
export interface UnsavedCopies {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, state: Uint8Array): Promise<void>;
  remove(key: string): Promise<void>;
}

const DB_NAME = "mockroom-unsaved";
const STORE = "docs";

const request = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });

/**
 * The browser's IndexedDB, or a store that keeps nothing where there is none (tests, private modes
 * that refuse it). A failing store never breaks editing: the copy is a safety net, not the save.
 */
export const openUnsavedCopies = (idb: IDBFactory | undefined = globalThis.indexedDB): UnsavedCopies => {
  if (!idb) return { get: async () => null, put: async () => {}, remove: async () => {} };
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const r = idb.open(DB_NAME, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error("IndexedDB open failed"));
    });
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> => {
    try {
      return await request(fn((await open()).transaction(STORE, mode).objectStore(STORE)));
    } catch (e) {
      console.warn("mockroom: local copy of unsaved edits unavailable", e);
      return null;
    }
  };
  return {
    get: async (key) => {
      const value: unknown = await run("readonly", (s) => s.get(key));
      return value instanceof Uint8Array ? value : null;
    },
    put: async (key, state) => {
      await run("readwrite", (s) => s.put(state, key));
    },
    remove: async (key) => {
      await run("readwrite", (s) => s.delete(key));
    },
  };
};
