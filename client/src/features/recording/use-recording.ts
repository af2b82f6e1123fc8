import { useEffect, useState } from "react";
import { Store, useStore, type ControlSocket } from "../../realtime/index.ts";
import { RecordingModel, type RecordingView } from "./recording-model.ts";

export interface UseRecordingOptions {
  socket: ControlSocket;
  roomId: string;
  participantId: string;
  token: string;
  canRecord: boolean;
}

const IDLE: RecordingView = { room: null, mine: null, mic: "unasked", pending: 0 };
const fallback = new Store<RecordingView>(IDLE);

/** One RecordingModel per room session, created in an effect (StrictMode-safe); the hook only subscribes. */
export const useRecording = (o: UseRecordingOptions): { model: RecordingModel | null; view: RecordingView } => {
  const [model, setModel] = useState<RecordingModel | null>(null);
  const { socket, roomId, participantId, token, canRecord } = o;
  useEffect(() => {
    const m = new RecordingModel({ socket, roomId, participantId, token, canRecord });
    setModel(m);
    return () => m.destroy();
  }, [socket, roomId, participantId, token, canRecord]);
  const view = useStore(model?.view ?? fallback);
  return { model, view: model ? view : IDLE };
};
