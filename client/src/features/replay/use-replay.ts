import { useEffect, useMemo, useState } from "react";
import { ReplayEngine, type ReplayFrame, type Timeline } from "@mockroom/shared";
import { useStore } from "../../realtime/index.ts";
import { ApiError } from "../../session/index.ts";
import { AudioSync, talkingMoments, type LoadedTrack } from "./audio-sync.ts";
import { sessionBounds, type Bounds } from "./board-svg.tsx";
import { PlayerModel, type PlayerState } from "./player.ts";
import { fetchTimeline, fetchTrackUrl } from "./replay-api.ts";
import { activitySpans, buildMarkers, idleSpans, type ActivitySpan, type Marker } from "./timeline-model.ts";

export type ReplayLoad =
  { kind: "loading" } | { kind: "failed"; code: string } | { kind: "ready"; replay: LoadedReplay };

/** Everything the page needs once the timeline is in; framework-free parts built once per load. */
export interface LoadedReplay {
  timeline: Timeline;
  engine: ReplayEngine;
  player: PlayerModel;
  audio: AudioSync;
  markers: Marker[];
  bounds: Bounds | null;
  start: number;
  end: number;
  /** Origin of the session clock (the agenda's start), null if it never started. */
  origin: number | null;
}

const browserClock = {
  now: () => performance.now(),
  frame: (fn: () => void) => {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  },
};

/** Loads a round's replay: timeline, engine, player and audio. */
export const useReplayLoad = (roomId: string, round: number, token: string | null): ReplayLoad => {
  const [load, setLoad] = useState<ReplayLoad>({ kind: "loading" });
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    let built: LoadedReplay | null = null;
    (async () => {
      const timeline = await fetchTimeline(roomId, round, token);
      const tracks: LoadedTrack[] = await Promise.all(
        timeline.tracks.map(async (t) => ({ ...t, url: await fetchTrackUrl(roomId, round, t.trackId, token) })),
      );
      if (cancelled) return;
      const markers = buildMarkers(timeline);
      const start = timeline.startedAt;
      const end = Math.max(timeline.endedAt, start + 1_000);
      const player = new PlayerModel(start, end, idleSpans(start, end, activitySpans(timeline), markers), browserClock);
      built = {
        timeline,
        engine: new ReplayEngine(timeline.changes),
        player,
        audio: new AudioSync(tracks),
        markers,
        bounds: sessionBounds(timeline.changes),
        start,
        end,
        origin: timeline.sessionStartedAt,
      };
      setLoad({ kind: "ready", replay: built });
    })().catch((e: unknown) => {
      if (!cancelled) setLoad({ kind: "failed", code: e instanceof ApiError ? e.code : "internal" });
    });
    return () => {
      cancelled = true;
      built?.player.destroy();
      built?.audio.destroy();
    };
  }, [roomId, round, token]);
  return load;
};

/** The player's state, with audio kept in sync and the engine's frame at the playhead. */
export const usePlayback = (r: LoadedReplay): { state: PlayerState; frame: ReplayFrame } => {
  const state = useStore(r.player.state);
  useEffect(() => r.audio.sync(state), [r, state]);
  const frame = r.engine.frameAt(state.t);
  // Keyframes for the rest of the session are built when the browser is idle, so later seeks are fast.
  useEffect(() => {
    const id = setTimeout(() => r.engine.warm(), 300);
    return () => clearTimeout(id);
  }, [r]);
  return { state, frame };
};

/** Activity spans; talking spans arrive once the audio is decoded. */
export const useActivity = (r: LoadedReplay): ActivitySpan[] => {
  const [talking, setTalking] = useState<Map<string, number[]>>(new Map());
  useEffect(() => {
    let cancelled = false;
    const tracks = r.timeline.tracks;
    void Promise.all(
      tracks.map(async (t) => {
        const url = r.audio.tracks.find((x) => x.trackId === t.trackId)?.url;
        return url ? { id: t.participantId, moments: await talkingMoments({ ...t, url }).catch(() => []) } : null;
      }),
    ).then((all) => {
      if (cancelled) return;
      const m = new Map<string, number[]>();
      for (const a of all) if (a) m.set(a.id, [...(m.get(a.id) ?? []), ...a.moments]);
      setTalking(m);
    });
    return () => {
      cancelled = true;
    };
  }, [r]);
  const spans = useMemo(() => activitySpans(r.timeline, talking), [r, talking]);
  useEffect(() => r.player.setIdle(idleSpans(r.start, r.end, spans, r.markers)), [r, spans]);
  return spans;
};
