/**
 * The smallest observable value: framework-free models expose these, and React reads them through
 * `useStore` (useSyncExternalStore), so models stay testable without React.
 */
export class Store<T> {
  private listeners = new Set<() => void>();

  constructor(
    private value: T,
    private readonly equals: (a: T, b: T) => boolean = Object.is,
  ) {}

  get = (): T => this.value;

  set(next: T): void {
    if (this.equals(this.value, next)) return;
    this.value = next;
    for (const l of [...this.listeners]) l();
  }

  update(fn: (prev: T) => T): void {
    this.set(fn(this.value));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** Shallow equality for flat status records. */
export const shallowEqual = <T extends object>(a: T, b: T): boolean => {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is(a[k as keyof T], b[k as keyof T]));
};
