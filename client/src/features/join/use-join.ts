import { useCallback, useEffect, useState } from "react";
import type { InviteInfo } from "@mockroom/shared";
import type { Problem } from "../../common/index.ts";
import {
  ApiError,
  inspectInvite,
  joinRoom,
  loadPreviousCredentials,
  rememberMock,
  saveCredentials,
  saveDisplayName,
  type RoomCredentials,
} from "../../session/index.ts";
import { previousTokenFor } from "./join-model.ts";

export type JoinState =
  | { kind: "inspecting" }
  | { kind: "failed"; problem: Problem }
  | { kind: "ready"; info: InviteInfo; joining: boolean; problem: Problem | null };

const asProblem = (e: unknown): Problem => (e instanceof ApiError ? e.code : "network");

/** Problems after which the join form is pointless (the invite itself is bad). */
const FATAL: ReadonlySet<Problem> = new Set([
  "token_expired",
  "token_invalid",
  "wrong_room",
  "room_not_found",
  "room_full",
  "version_mismatch",
]);

export const useJoin = (roomId: string, invite: string, onJoined: (c: RoomCredentials) => void) => {
  const [state, setState] = useState<JoinState>({ kind: "inspecting" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState({ kind: "inspecting" });
    inspectInvite(invite).then(
      (info) => {
        if (cancelled) return;
        // The server checks the room at join; checking here too gives the right page up front.
        if (info.roomId !== roomId) setState({ kind: "failed", problem: "wrong_room" });
        else setState({ kind: "ready", info, joining: false, problem: null });
      },
      (e: unknown) => !cancelled && setState({ kind: "failed", problem: asProblem(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [roomId, invite, attempt]);

  const join = useCallback(
    async (name: string) => {
      if (state.kind !== "ready") return;
      const { info } = state;
      setState({ ...state, joining: true, problem: null });
      try {
        const previous = previousTokenFor(loadPreviousCredentials(roomId), info.role);
        const res = await joinRoom(roomId, { invite, name, ...(previous ? { previous } : {}) });
        saveDisplayName(name);
        const credentials: RoomCredentials = {
          roomId,
          participantId: res.participantId,
          token: res.token,
          role: res.role,
          name: name.trim(),
          expiresAt: res.expiresAt,
          invite,
        };
        saveCredentials(credentials);
        rememberMock({
          roomId,
          title: info.title,
          roundType: info.roundType,
          role: res.role,
          lastOpenedAt: Date.now(),
        });
        onJoined(credentials);
      } catch (e) {
        const problem = asProblem(e);
        if (FATAL.has(problem)) setState({ kind: "failed", problem });
        else setState({ kind: "ready", info, joining: false, problem });
      }
    },
    [state, roomId, invite, onJoined],
  );

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, join, retry };
};
