import { useEffect, useMemo, useRef, useState } from "react";
import {
  DEFAULT_PAD_LANGUAGE,
  replayAtOf,
  reportPath,
  type ReplayAt,
  type TimelineParticipant,
} from "@mockroom/shared";
import { ErrorScreen, type Problem } from "../../common/index.ts";
import { useStore } from "../../realtime/index.ts";
import { loadCredentials } from "../../session/index.ts";
import { Button, LinkButton, Spinner, cx, useToast } from "../../ui/index.ts";
import { BoardSvg } from "./board-svg.tsx";
import { SPEEDS, type Speed } from "./player.ts";
import { downloadExport, fetchObserverAccess, setObserverAccess } from "./replay-api.ts";
import {
  clockLabel,
  deepLinkTarget,
  lengthLabel,
  nextMarker,
  noteClockLabel,
  prevMarker,
  type ActivityKind,
  type Marker,
  type MarkerLane,
} from "./timeline-model.ts";
import { useActivity, usePlayback, useReplayLoad, type LoadedReplay } from "./use-replay.ts";
import "./replay.css";

const LANES: { lane: MarkerLane; label: string }[] = [
  { lane: "phases", label: "Phases" },
  { lane: "notes", label: "Notes" },
  { lane: "scores", label: "Scores" },
  { lane: "people", label: "Joins" },
  { lane: "recording", label: "Recording" },
];
const ACTIVITY_LABEL: Record<ActivityKind, string> = { drawing: "Drawing", typing: "Typing", talking: "Talking" };

const pct = (t: number, r: LoadedReplay) => `${(((t - r.start) / (r.end - r.start)) * 100).toFixed(3)}%`;

/**
 * The replay page: player bar, timeline with marker lanes and activity strips, board, pad, notes.
 * `?t=<session-clock ms>&note=<note id>` opens it paused at that moment with the note highlighted
 * (RPL10); the report links each note's time here.
 */
export const ReplayPage = ({ roomId, round }: { roomId: string; round: number }) => {
  const credentials = loadCredentials(roomId);
  // Read once: the link says where to open; seeking afterwards does not rewrite the address.
  const [at] = useState<ReplayAt>(() => replayAtOf(window.location.search));
  const load = useReplayLoad(roomId, round, credentials?.token ?? null);
  if (!credentials)
    return (
      <ErrorScreen
        problem="no_invite"
        actions={
          <LinkButton href={`/r/${roomId}`} variant="primary">
            Open the room
          </LinkButton>
        }
      />
    );
  if (load.kind === "loading")
    return (
      <div className="replay-loading" role="status">
        <Spinner /> Loading the replay…
      </div>
    );
  if (load.kind === "failed")
    return (
      <ErrorScreen
        problem={load.code as Problem}
        actions={
          <LinkButton href={`/r/${roomId}`} variant="primary">
            Back to the room
          </LinkButton>
        }
      />
    );
  return <ReplayView replay={load.replay} roomId={roomId} round={round} token={credentials.token} at={at} />;
};

const ReplayView = ({
  replay: r,
  roomId,
  round,
  token,
  at,
}: {
  replay: LoadedReplay;
  roomId: string;
  round: number;
  token: string;
  at: ReplayAt;
}) => {
  const { state, frame } = usePlayback(r);
  const activity = useActivity(r);
  const levels = useStore(r.audio.levels);
  const toast = useToast();
  const { timeline } = r;
  const isInterviewer = timeline.viewer.role === "interviewer";
  const [linkedNote, setLinkedNote] = useState<string | null>(null);

  // A deep link opens the player paused at its moment (the player starts paused).
  useEffect(() => {
    const target = deepLinkTarget(r.markers, r, at);
    if (!target) return;
    r.player.seek(target.t);
    setLinkedNote(target.noteId);
  }, [r, at]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        target &&
        (target.closest("input, select, textarea, [contenteditable]") || e.metaKey || e.ctrlKey || e.altKey)
      )
        return;
      if (e.key === " " && !target?.closest("button")) {
        e.preventDefault();
        r.player.toggle();
      } else if (e.key === "ArrowLeft" && !target?.closest("[role=slider]")) r.player.step(-5_000);
      else if (e.key === "ArrowRight" && !target?.closest("[role=slider]")) r.player.step(5_000);
      else if (e.key === "j" || e.key === "J") {
        const m = prevMarker(r.markers, r.player.state.get().t);
        if (m) r.player.seek(m.t);
      } else if (e.key === "l" || e.key === "L") {
        const m = nextMarker(r.markers, r.player.state.get().t);
        if (m) r.player.seek(m.t);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [r]);

  const onExport = () =>
    downloadExport(roomId, round, token).catch(() =>
      toast({ message: "The export could not be prepared. Try again.", tone: "danger" }),
    );

  return (
    <div className="replay" data-testid="replay" data-playhead={Math.round(state.t)} data-playing={state.playing}>
      <header className="replay__header">
        <nav className="replay__nav" aria-label="Pages of this mock">
          <LinkButton href={`/r/${roomId}`} variant="ghost" size="sm">
            ← Back to the room
          </LinkButton>
          <LinkButton href={reportPath(roomId, round)} variant="ghost" size="sm" data-testid="replay-report">
            Feedback report
          </LinkButton>
        </nav>
        <div className="replay__titles">
          <h1 className="replay__title">{timeline.title}</h1>
          <p className="replay__sub">
            Round {round} replay · {lengthLabel(r)}
            {r.origin === null && " · agenda clock never started"}
          </p>
        </div>
        <div className="replay__actions">
          {isInterviewer && <ObserverToggle roomId={roomId} token={token} />}
          <Button size="sm" onClick={() => void onExport()} data-testid="replay-export">
            Download bundle
          </Button>
        </div>
      </header>

      <section className="replay__transport" aria-label="Player">
        <div className="replay__bar">
          <Button
            variant="primary"
            size="sm"
            onClick={() => r.player.toggle()}
            aria-label={state.playing ? "Pause" : "Play"}
            data-testid="replay-play"
          >
            {state.playing ? "❚❚ Pause" : "▶ Play"}
          </Button>
          <span className="replay__time" data-testid="replay-time">
            {clockLabel(state.t, r)} / {lengthLabel(r)}
          </span>
          <label className="replay__speed">
            <span>Speed</span>
            <select
              value={state.speed}
              onChange={(e) => r.player.setSpeed(Number(e.target.value) as Speed)}
              aria-label="Playback speed"
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
          <label className="replay__skip">
            <input type="checkbox" checked={state.skipIdle} onChange={(e) => r.player.setSkipIdle(e.target.checked)} />
            Skip idle and silence
          </label>
          <span className="replay__hint" aria-hidden="true">
            Space play · ←/→ 5 s · J/L markers
          </span>
        </div>
        <TimelineLanes r={r} t={state.t} activity={activity} levels={levels} />
      </section>

      <div className="replay__body">
        <section className="replay-board" aria-label="Whiteboard (read-only)">
          <BoardSvg elements={frame.elements} bounds={r.bounds} />
        </section>
        <section className="replay-pad" aria-label="Code pad (read-only)">
          <header className="replay-pad__head">
            <span>Code</span>
            <span className="replay-pad__lang" data-testid="replay-language">
              {frame.language ?? `${DEFAULT_PAD_LANGUAGE} (default)`}
            </span>
          </header>
          <pre className="replay-pad__text" data-testid="replay-pad">
            {frame.pad.split("\n").map((line, i) => (
              <span key={i} className="replay-pad__line">
                {line || " "}
              </span>
            ))}
          </pre>
        </section>
        <NotesList r={r} t={state.t} linkedNote={linkedNote} />
      </div>
    </div>
  );
};

const ObserverToggle = ({ roomId, token }: { roomId: string; token: string }) => {
  const [allowed, setAllowed] = useState<boolean | null>(null);
  useEffect(() => {
    fetchObserverAccess(roomId, token)
      .then((a) => setAllowed(a.observersAllowed))
      .catch(() => setAllowed(null));
  }, [roomId, token]);
  if (allowed === null) return null;
  return (
    <label className="replay__observers">
      <input
        type="checkbox"
        checked={allowed}
        onChange={(e) => {
          const next = e.target.checked;
          setAllowed(next);
          setObserverAccess(roomId, token, next).catch(() => setAllowed(!next));
        }}
      />
      Observers may watch
    </label>
  );
};

const TimelineLanes = ({
  r,
  t,
  activity,
  levels,
}: {
  r: LoadedReplay;
  t: number;
  activity: ReturnType<typeof useActivity>;
  levels: Record<string, number>;
}) => {
  const scrub = useRef<HTMLDivElement>(null);
  const seekAt = (clientX: number) => {
    const box = scrub.current?.getBoundingClientRect();
    if (!box) return;
    r.player.seek(r.start + ((clientX - box.left) / box.width) * (r.end - r.start));
  };
  const people = r.timeline.participants.filter((p) => activity.some((a) => a.participantId === p.id));
  const lanes = LANES.filter((l) => r.markers.some((m) => m.lane === l.lane));
  return (
    <div className="lanes" style={{ ["--playhead" as string]: pct(t, r) }}>
      <div className="lanes__row">
        <span className="lanes__label">Time</span>
        <div
          ref={scrub}
          className="lanes__scrub"
          role="slider"
          tabIndex={0}
          aria-label="Playhead"
          aria-valuemin={0}
          aria-valuemax={Math.round((r.end - r.start) / 1000)}
          aria-valuenow={Math.round((t - r.start) / 1000)}
          aria-valuetext={clockLabel(t, r)}
          data-testid="replay-scrubber"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            seekAt(e.clientX);
          }}
          onPointerMove={(e) => {
            if (e.buttons & 1) seekAt(e.clientX);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowLeft") r.player.step(-5_000);
            else if (e.key === "ArrowRight") r.player.step(5_000);
            else if (e.key === "Home") r.player.seek(r.start);
            else if (e.key === "End") r.player.seek(r.end);
            else return;
            e.preventDefault();
          }}
        >
          <div className="lanes__progress" />
        </div>
      </div>
      {lanes.map(({ lane, label }) => (
        <div className="lanes__row" key={lane}>
          <span className="lanes__label">{label}</span>
          <div className="lanes__track">
            {r.markers
              .filter((m) => m.lane === lane)
              .map((m) => (
                <MarkerButton key={m.id} m={m} r={r} />
              ))}
          </div>
        </div>
      ))}
      {people.map((p) => (
        <ActivityRow
          key={p.id}
          p={p}
          r={r}
          spans={activity.filter((a) => a.participantId === p.id)}
          level={levels[p.id] ?? 0}
        />
      ))}
      <div
        className="lanes__playhead"
        aria-hidden="true"
        style={{
          left: `calc(var(--label-w) + (100% - var(--label-w)) * ${((t - r.start) / (r.end - r.start)).toFixed(5)})`,
        }}
      />
    </div>
  );
};

const MarkerButton = ({ m, r }: { m: Marker; r: LoadedReplay }) => (
  <button
    type="button"
    className={`marker marker--${m.lane}`}
    style={{ left: pct(m.t, r) }}
    title={`${clockLabel(m.t, r)} · ${m.label}${m.detail ? `: ${m.detail}` : ""}`}
    aria-label={`${m.label} at ${clockLabel(m.t, r)}`}
    data-marker-id={m.id}
    data-t={m.t}
    onClick={() => r.player.seek(m.t)}
  />
);

const ActivityRow = ({
  p,
  r,
  spans,
  level,
}: {
  p: TimelineParticipant;
  r: LoadedReplay;
  spans: ReturnType<typeof useActivity>;
  level: number;
}) => (
  <div className="lanes__row lanes__row--person" data-testid={`activity-${p.id}`}>
    <span className="lanes__label" title={p.name}>
      <span className="lanes__dot" style={{ background: p.colour }} />
      <span className="lanes__name">{p.name}</span>
      <span
        className="lanes__level"
        data-level={level.toFixed(3)}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(level * 100))}
        aria-label={`${p.name}'s audio level`}
      >
        <span style={{ width: `${Math.min(100, level * 300)}%` }} />
      </span>
    </span>
    <div className="lanes__track lanes__track--activity">
      {spans.map((s, i) => (
        <span
          key={i}
          className={`span span--${s.kind}`}
          style={{
            left: pct(s.from, r),
            // Clamped to the timeline: a span padded to its minimum length may run past the end.
            width: `max(3px, ${(((Math.min(s.to, r.end) - s.from) / (r.end - r.start)) * 100).toFixed(3)}%)`,
          }}
          title={`${p.name}: ${ACTIVITY_LABEL[s.kind]} ${clockLabel(s.from, r)}–${clockLabel(s.to, r)}`}
          data-kind={s.kind}
        />
      ))}
    </div>
  </div>
);

const NotesList = ({ r, t, linkedNote }: { r: LoadedReplay; t: number; linkedNote: string | null }) => {
  const notes = useMemo(() => r.markers.filter((m) => m.lane === "notes"), [r]);
  const current = notes.findLast((n) => n.t <= t);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!current) return;
    list.current?.querySelector(`[data-note-id="${current.id}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);
  useEffect(() => {
    if (linkedNote) list.current?.querySelector(`[data-linked]`)?.scrollIntoView({ block: "center" });
  }, [linkedNote]);
  return (
    <aside className="replay-notes" aria-label="Interviewer notes">
      <h2 className="replay-notes__title">Notes</h2>
      {notes.length === 0 ? (
        <p className="replay-notes__empty">
          {r.timeline.released || r.timeline.viewer.role === "interviewer"
            ? "No notes were taken in this round."
            : "The interviewer's notes appear here once feedback is released."}
        </p>
      ) : (
        <ol className="replay-notes__list" ref={list}>
          {notes.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className={cx("note-item", n.noteId === linkedNote && "note-item--linked")}
                aria-current={n === current ? "true" : undefined}
                data-note-id={n.id}
                data-linked={n.noteId === linkedNote ? "true" : undefined}
                data-t={n.t}
                onClick={() => r.player.seek(n.t)}
              >
                <span className="note-item__time">{noteClockLabel(n.t, r)}</span>
                <span className="note-item__who">{n.label.replace(/^Note by /, "")}</span>
                {n.noteId === linkedNote && <span className="note-item__linked">From the report</span>}
                <span className="note-item__text">{n.detail}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
};
