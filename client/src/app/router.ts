import { useSyncExternalStore } from "react";

/**
 * A tiny router on the History API: the app has three kinds of page, so a library would be more
 * code than the routes. Filters run before listeners on every location change (e.g. to lift an
 * invite out of the fragment before any route renders).
 */
type Listener = () => void;
const listeners = new Set<Listener>();
const filters: Listener[] = [];

const notify = () => {
  for (const f of filters) f();
  for (const l of [...listeners]) l();
};

window.addEventListener("popstate", notify);
window.addEventListener("hashchange", notify);

export const addLocationFilter = (filter: Listener): void => {
  filters.push(filter);
  filter();
};

export const navigate = (to: string, opts: { replace?: boolean } = {}): void => {
  if (opts.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  notify();
};

const subscribe = (l: Listener) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

const locationKey = () => `${location.pathname}${location.search}${location.hash}`;

/** Re-renders on every navigation; returns the path (the key makes hash-only changes count too). */
export const usePathname = (): string => {
  useSyncExternalStore(subscribe, locationKey);
  return location.pathname;
};

/** Same-origin links navigate in place; modified clicks, new tabs and downloads keep browser behaviour. */
export const interceptLinks = (doc: Document): void => {
  doc.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const anchor = e.target instanceof Element ? e.target.closest("a") : null;
    if (!anchor || (anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin) return;
    e.preventDefault();
    navigate(`${url.pathname}${url.search}${url.hash}`);
  });
};
