import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { PadModel } from "./pad-model.ts";

/** One PadModel per doc, created and destroyed in an effect (safe under StrictMode's double mount). */
export const usePadModel = (doc: Y.Doc): PadModel | null => {
  const [model, setModel] = useState<PadModel | null>(null);
  useEffect(() => {
    const m = new PadModel(doc);
    setModel(m);
    return () => m.destroy();
  }, [doc]);
  return model && model.text.doc === doc ? model : null;
};
