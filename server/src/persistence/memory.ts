import type {
  DocUpdate,
  LoggedRoomEvent,
  LoggedUpdate,
  ParticipantRecord,
  RoomEvent,
  RoomRecord,
  Snapshot,
  Storage,
} from "./ports.ts";
import { createMemoryScoringStore } from "./scoring-memory.ts";

/** In-process adapter for tests and for `MOCKROOM_STORAGE=memory`; loses everything on exit. */
export const createMemoryStorage = (): Storage => {
  let seq = 0;
  const updates = new Map<string, LoggedUpdate[]>();
  const snaps = new Map<string, Snapshot>();
  const rooms = new Map<string, RoomRecord>();
  const people = new Map<string, ParticipantRecord>();
  const events: LoggedRoomEvent[] = [];
  // Copies on the way in and out so callers cannot mutate stored state by accident.
  const copy = (u: Uint8Array) => new Uint8Array(u);

  return {
    docLog: {
      async append(entries: readonly DocUpdate[]) {
        return entries.map((e) => {
          const logged = { ...e, update: copy(e.update), seq: ++seq };
          const list = updates.get(e.docId) ?? [];
          list.push(logged);
          updates.set(e.docId, list);
          return logged.seq;
        });
      },
      async read(docId, afterSeq = 0) {
        return (updates.get(docId) ?? [])
          .filter((u) => u.seq > afterSeq)
          .map((u) => ({ ...u, update: copy(u.update) }));
      },
    },
    snapshots: {
      async put(s) {
        const cur = snaps.get(s.docId);
        if (!cur || s.seq >= cur.seq) {
          const kept: Snapshot = { docId: s.docId, seq: s.seq, ts: s.ts, state: copy(s.state) };
          if (s.stateVector) kept.stateVector = copy(s.stateVector);
          if (s.epoch) kept.epoch = s.epoch;
          snaps.set(s.docId, kept);
        }
      },
      async latest(docId) {
        const s = snaps.get(docId);
        if (!s) return null;
        const out: Snapshot = { ...s, state: copy(s.state) };
        if (s.stateVector) out.stateVector = copy(s.stateVector);
        return out;
      },
    },
    rooms: {
      async create(room) {
        if (rooms.has(room.id)) throw new Error(`room ${room.id} exists`);
        rooms.set(room.id, { ...room });
      },
      async get(id) {
        const r = rooms.get(id);
        return r ? { ...r } : null;
      },
      async update(id, patch) {
        const r = rooms.get(id);
        if (r) rooms.set(id, { ...r, ...patch });
      },
    },
    participants: {
      async add(p) {
        if (people.has(p.id)) throw new Error(`participant ${p.id} exists`);
        people.set(p.id, { ...p });
      },
      async get(id) {
        const p = people.get(id);
        return p ? { ...p } : null;
      },
      async listByRoom(roomId) {
        return [...people.values()]
          .filter((p) => p.roomId === roomId)
          .sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1))
          .map((p) => ({ ...p }));
      },
      async update(id, patch) {
        const p = people.get(id);
        if (p) people.set(id, { ...p, ...patch });
      },
    },
    events: {
      async append(e: RoomEvent) {
        const logged = { ...e, data: structuredClone(e.data), seq: ++seq };
        events.push(logged);
        return logged.seq;
      },
      async list(roomId, round) {
        return events
          .filter((e) => e.roomId === roomId && (round === undefined || e.round === round))
          .map((e) => ({ ...e, data: structuredClone(e.data) }));
      },
    },
    scoring: createMemoryScoringStore(),
    async close() {},
  };
};
