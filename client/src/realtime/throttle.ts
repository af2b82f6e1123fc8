export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  /** Runs a pending trailing call now. */
  flush(): void;
  cancel(): void;
}

/**
 * Leading + trailing throttle: the first call runs at once, later calls within `waitMs` collapse
 * into one trailing call with the latest arguments, so the final state is never dropped.
 */
export const throttle = <A extends unknown[]>(fn: (...args: A) => void, waitMs: number): Throttled<A> => {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;

  const run = () => {
    timer = null;
    if (!pending) return;
    const args = pending;
    pending = null;
    last = Date.now();
    fn(...args);
  };

  const throttled = (...args: A) => {
    pending = args;
    const wait = last + waitMs - Date.now();
    if (wait <= 0 && !timer) run();
    else if (!timer) timer = setTimeout(run, Math.max(0, wait));
  };
  throttled.flush = () => {
    if (timer) clearTimeout(timer);
    run();
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  return throttled;
};
