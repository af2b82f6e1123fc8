import type { Extension } from "@codemirror/state";
import type { PadLanguage } from "./pad-model.ts";

/** Language support is split into its own chunks; only the picked language is downloaded. */
const LOADERS: Record<PadLanguage, () => Promise<Extension>> = {
  python: () => import("@codemirror/lang-python").then((m) => m.python()),
  typescript: () => import("@codemirror/lang-javascript").then((m) => m.javascript({ typescript: true })),
  sql: () => import("@codemirror/lang-sql").then((m) => m.sql()),
  java: () => import("@codemirror/lang-java").then((m) => m.java()),
  cpp: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  go: () => import("@codemirror/lang-go").then((m) => m.go()),
};

const cache = new Map<PadLanguage, Promise<Extension>>();

export const loadLanguage = (language: PadLanguage): Promise<Extension> => {
  let p = cache.get(language);
  if (!p) {
    p = LOADERS[language]();
    // A failed chunk load should be retried next time, not cached forever.
    p.catch(() => cache.delete(language));
    cache.set(language, p);
  }
  return p;
};
