import { z } from "zod";
import { Role, RoomId, RoundType, Title } from "@mockroom/shared";
import { readStored, writeStored } from "./storage.ts";

/** "Your recent mocks" lives on this browser only; the server keeps no per-browser history. */
export const RecentMock = z.object({
  roomId: RoomId,
  title: Title,
  roundType: RoundType,
  /** When this browser last opened or created it (ms). */
  lastOpenedAt: z.number(),
  role: Role.optional(),
  /** Set when this browser created the mock, so its links can be copied again later. */
  invites: z.object({ interviewer: z.string(), candidate: z.string(), observer: z.string() }).optional(),
});
export type RecentMock = z.infer<typeof RecentMock>;

const KEY = "recent";
const MAX_RECENT = 12;

export const loadRecent = (): RecentMock[] =>
  (readStored(KEY, z.array(z.unknown())) ?? [])
    .flatMap((raw) => {
      const r = RecentMock.safeParse(raw);
      return r.success ? [r.data] : [];
    })
    .sort((a, b) => b.lastOpenedAt - a.lastOpenedAt);

/** Adds or refreshes an entry; fields not given keep their stored values (e.g. the creator's invites). */
export const rememberMock = (entry: RecentMock): RecentMock[] => {
  const all = loadRecent();
  const prior = all.find((m) => m.roomId === entry.roomId);
  const merged: RecentMock = { ...prior, ...entry, invites: entry.invites ?? prior?.invites };
  const next = [merged, ...all.filter((m) => m.roomId !== entry.roomId)].slice(0, MAX_RECENT);
  writeStored(KEY, next);
  return next;
};

export const forgetMock = (roomId: string): RecentMock[] => {
  const next = loadRecent().filter((m) => m.roomId !== roomId);
  writeStored(KEY, next);
  return next;
};
