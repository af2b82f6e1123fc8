import { useCallback, useEffect, useRef, useState } from "react";
import { loadMicDevice, saveMicDevice } from "../../session/index.ts";
import {
  levelOf,
  micCheckProblem,
  micOptions,
  pickDevice,
  type MicCheckPhase,
  type MicOption,
} from "./mic-check-model.ts";

export interface MicCheck {
  phase: MicCheckPhase;
  /** 0..1, updated every animation frame while live. */
  level: number;
  devices: MicOption[];
  deviceId: string | null;
  start: () => void;
  choose: (deviceId: string) => void;
}

/**
 * Opens the microphone only when asked (no permission prompt on page load), meters it with an
 * AnalyserNode, and releases everything on unmount, so the room opens its own stream cleanly.
 */
export const useMicCheck = (): MicCheck => {
  const [phase, setPhase] = useState<MicCheckPhase>("idle");
  const [level, setLevel] = useState(0);
  const [devices, setDevices] = useState<MicOption[]>([]);
  const [deviceId, setDeviceId] = useState<string | null>(loadMicDevice);
  const stopRef = useRef<(() => void) | null>(null);

  const stop = useCallback(() => {
    stopRef.current?.();
    stopRef.current = null;
  }, []);

  const open = useCallback(
    async (wanted: string | null) => {
      stop();
      setPhase("asking");
      if (!navigator.mediaDevices?.getUserMedia) {
        setPhase("unsupported");
        return;
      }
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: wanted ? { deviceId: { exact: wanted } } : true,
          video: false,
        });
      } catch (e) {
        // A remembered microphone that was unplugged: fall back to the default one.
        if (wanted && micCheckProblem(e) === "missing") return open(null);
        setPhase(micCheckProblem(e));
        return;
      }
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let frame = 0;
      const tick = () => {
        analyser.getFloatTimeDomainData(samples);
        setLevel(levelOf(samples));
        frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
      stopRef.current = () => {
        cancelAnimationFrame(frame);
        for (const t of stream.getTracks()) t.stop();
        void ctx.close();
        setLevel(0);
      };
      const options = micOptions(await navigator.mediaDevices.enumerateDevices());
      setDevices(options);
      const actual = stream.getAudioTracks()[0]?.getSettings().deviceId ?? null;
      setDeviceId(pickDevice(options, actual ?? wanted));
      setPhase("live");
    },
    [stop],
  );

  useEffect(() => stop, [stop]);

  return {
    phase,
    level,
    devices,
    deviceId,
    start: () => void open(deviceId),
    choose: (id) => {
      saveMicDevice(id);
      setDeviceId(id);
      void open(id);
    },
  };
};
