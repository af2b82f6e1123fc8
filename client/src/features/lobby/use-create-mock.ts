import { useCallback, useState } from "react";
import type { CreateRoomResponse } from "@mockroom/shared";
import type { Problem } from "../../common/index.ts";
import { ApiError, createRoom, rememberMock } from "../../session/index.ts";
import { toCreateRequest, type MockDraft } from "./lobby-model.ts";

export type CreateState =
  { kind: "editing"; problem: Problem | null } | { kind: "creating" } | { kind: "created"; room: CreateRoomResponse };

export const useCreateMock = () => {
  const [state, setState] = useState<CreateState>({ kind: "editing", problem: null });

  const create = useCallback(async (draft: MockDraft) => {
    setState({ kind: "creating" });
    try {
      const room = await createRoom(toCreateRequest(draft));
      rememberMock({
        roomId: room.roomId,
        title: room.title,
        roundType: room.roundType,
        lastOpenedAt: Date.now(),
        invites: {
          interviewer: room.invites.interviewer.url,
          candidate: room.invites.candidate.url,
          observer: room.invites.observer.url,
        },
      });
      setState({ kind: "created", room });
    } catch (e) {
      setState({ kind: "editing", problem: e instanceof ApiError ? e.code : "network" });
    }
  }, []);

  const reset = useCallback(() => setState({ kind: "editing", problem: null }), []);
  return { state, create, reset };
};
