import { useEffect } from "react";

/**
 * UI3: while something this tab made is not on the server yet (board or pad edits without a
 * Persisted ack, recording chunks still queued), closing or reloading the page asks first. The
 * listener exists only while there is something to lose: a `beforeunload` handler also keeps the
 * page out of the back/forward cache, and a saved room should leave silently.
 */
export const useLeaveGuard = (unsaved: boolean): void => {
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [unsaved]);
};
