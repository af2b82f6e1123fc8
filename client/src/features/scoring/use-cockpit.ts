import { useEffect, useMemo } from "react";
import { useStore, type ControlSocket } from "../../realtime/index.ts";
import { CockpitModel, type CockpitView } from "./cockpit-model.ts";

/** One cockpit model per control socket; the hook only subscribes. */
export const useCockpit = (socket: ControlSocket): { model: CockpitModel; view: CockpitView } => {
  const model = useMemo(() => new CockpitModel(socket), [socket]);
  useEffect(() => {
    model.start();
    return () => model.stop();
  }, [model]);
  return { model, view: useStore(model.view) };
};
