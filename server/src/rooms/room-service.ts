import {
  ErrorCode,
  MAX_PARTICIPANTS_PER_ROOM,
  type CreateRoomRequest,
  type CreateRoomResponse,
  type InviteInfo,
  type JoinRequest,
  type JoinResponse,
  type Role,
} from "@mockroom/shared";
import { newId, type TokenService } from "../auth/tokens.ts";
import { DomainError } from "../errors.ts";
import type { ParticipantRecord, RoomRecord, Storage } from "../persistence/ports.ts";

export interface RoomServiceOptions {
  inviteTtlMs: number;
  participantTtlMs: number;
  /** Builds the link a person opens; the token rides in the fragment so it never reaches a server log. */
  inviteUrl: (roomId: string, token: string) => string;
  now?: () => number;
}

export interface Authenticated {
  room: RoomRecord;
  participant: ParticipantRecord;
}

/** Rooms, invites and participants. Knows nothing of HTTP or sockets. */
export class RoomService {
  private readonly now: () => number;
  /** Serialises joins per room so the participant cap cannot be raced past. */
  private readonly joinLocks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly tokens: TokenService,
    private readonly opts: RoomServiceOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  async create(req: CreateRoomRequest): Promise<CreateRoomResponse> {
    const room: RoomRecord = {
      id: newId(12),
      title: req.title,
      roundType: req.roundType,
      createdAt: this.now(),
      round: 1,
      rubricId: req.rubricId ?? null,
      promptId: req.promptId ?? null,
    };
    await this.storage.rooms.create(room);
    const invite = (role: Role) => {
      const { token, expiresAt } = this.tokens.signInvite(room.id, role, this.opts.inviteTtlMs);
      return { role, token, expiresAt, url: this.opts.inviteUrl(room.id, token) };
    };
    return {
      roomId: room.id,
      title: room.title,
      roundType: room.roundType,
      invites: { interviewer: invite("interviewer"), candidate: invite("candidate"), observer: invite("observer") },
    };
  }

  async inspectInvite(token: string, roomId?: string): Promise<InviteInfo> {
    const v = this.tokens.verifyInvite(token, roomId);
    if (!v.ok) throw new DomainError(v.code, "invite not accepted");
    const room = await this.storage.rooms.get(v.claims.room);
    if (!room) throw new DomainError(ErrorCode.RoomNotFound, "room not found");
    return {
      roomId: room.id,
      title: room.title,
      roundType: room.roundType,
      role: v.claims.role,
      expiresAt: v.claims.exp,
    };
  }

  async join(roomId: string, req: JoinRequest): Promise<JoinResponse> {
    const prior = this.joinLocks.get(roomId) ?? Promise.resolve();
    const run = prior.catch(() => undefined).then(() => this.joinLocked(roomId, req));
    this.joinLocks.set(roomId, run);
    try {
      return await run;
    } finally {
      if (this.joinLocks.get(roomId) === run) this.joinLocks.delete(roomId);
    }
  }

  private async joinLocked(roomId: string, req: JoinRequest): Promise<JoinResponse> {
    const info = await this.inspectInvite(req.invite, roomId);
    // A returning browser keeps its participant id (and so its colour, notes and audio identity).
    if (req.previous) {
      const prev = this.tokens.verifyParticipant(req.previous, roomId);
      if (prev.ok) {
        const p = await this.storage.participants.get(prev.claims.pid);
        if (p && p.roomId === roomId) {
          if (p.name !== req.name) await this.storage.participants.update(p.id, { name: req.name });
          return this.issue(p.id, roomId, p.role);
        }
      }
    }
    const existing = await this.storage.participants.listByRoom(roomId);
    if (existing.length >= MAX_PARTICIPANTS_PER_ROOM) throw new DomainError(ErrorCode.RoomFull, "room is full");
    const sameRole = existing.filter((p) => p.role === info.role).length;
    const participant: ParticipantRecord = {
      id: newId(12),
      roomId,
      name: req.name,
      role: info.role,
      colourIndex: sameRole,
      joinedAt: this.now(),
    };
    await this.storage.participants.add(participant);
    return this.issue(participant.id, roomId, participant.role);
  }

  private issue(pid: string, roomId: string, role: Role): JoinResponse {
    const { token, expiresAt } = this.tokens.signParticipant(roomId, pid, this.opts.participantTtlMs);
    return { participantId: pid, token, role, expiresAt };
  }

  /** Checks a participant token and returns who it is, with their *current* role (roles can swap). */
  async authenticate(token: string, roomId?: string): Promise<Authenticated> {
    const v = this.tokens.verifyParticipant(token, roomId);
    if (!v.ok) throw new DomainError(v.code, "participant token not accepted");
    const room = await this.storage.rooms.get(v.claims.room);
    if (!room) throw new DomainError(ErrorCode.RoomNotFound, "room not found");
    const participant = await this.storage.participants.get(v.claims.pid);
    if (!participant || participant.roomId !== room.id)
      throw new DomainError(ErrorCode.Unauthorized, "unknown participant");
    return { room, participant };
  }

  getRoom(roomId: string): Promise<RoomRecord | null> {
    return this.storage.rooms.get(roomId);
  }

  listParticipants(roomId: string): Promise<ParticipantRecord[]> {
    return this.storage.participants.listByRoom(roomId);
  }
}
