import { useEffect, useState, useSyncExternalStore } from "react";
import type { Awareness } from "y-protocols/awareness";
import { readPeers, type Peer } from "./awareness.ts";
import type { Store } from "./store.ts";

export const useStore = <T>(store: Store<T>): T => useSyncExternalStore(store.subscribe, store.get, store.get);

/**
 * Other people's awareness, re-read on every change. `select` + `equal` let a caller re-render only
 * when the part it shows changes (pointer moves arrive ~20 times a second per person).
 */
export const useAwarenessPeers = <T>(
  awareness: Awareness,
  select: (peers: Peer[]) => T,
  equal: (a: T, b: T) => boolean,
): T => {
  const [value, setValue] = useState(() => select(readPeers(awareness)));
  useEffect(() => {
    let current = select(readPeers(awareness));
    setValue(current);
    const onChange = () => {
      const next = select(readPeers(awareness));
      if (equal(current, next)) return;
      current = next;
      setValue(next);
    };
    awareness.on("change", onChange);
    return () => awareness.off("change", onChange);
    // select/equal are expected to be stable module-level functions, so only the awareness matters.
  }, [awareness]);
  return value;
};
