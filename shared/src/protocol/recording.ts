import { z } from "zod";
import { ParticipantId, RoundNo } from "../domain/room.ts";

/*
 * Recording and replay on the wire (rules REC*, CON*, RPL*, EXP* in docs/PROTOCOL.md).
 * Audio travels over HTTP as numbered webm chunks; consent and pauses travel on the control channel.
 */

/** Client-chosen id of one continuous recording (one MediaRecorder run). */
export const TrackId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, "malformed track id");
export type TrackId = z.infer<typeof TrackId>;

/** Chunk sequence numbers start at 0 and increase by one per MediaRecorder `dataavailable`. */
export const ChunkSeq = z.coerce.number().int().min(0);

/** The only media type the chunk endpoint accepts (parameters such as `;codecs=opus` are allowed). */
export const AUDIO_CONTENT_TYPE = "audio/webm";
/** Request header: server-clock ms of the track's first sample (the client's start corrected by `clock:ping`). */
export const TRACK_START_HEADER = "x-track-start";
/** How often the recorder cuts a chunk: at most this much audio is lost when a tab closes. */
export const RECORDING_TIMESLICE_MS = 1_000;

export const ChunkAccepted = z.object({
  trackId: TrackId,
  seq: z.number().int().min(0),
  /** Chunks of this track now stored. */
  chunks: z.number().int().min(1),
});
export type ChunkAccepted = z.infer<typeof ChunkAccepted>;

export const ConsentChoice = z.enum(["granted", "declined"]);
export type ConsentChoice = z.infer<typeof ConsentChoice>;

/** What everyone in the room sees: whether recording runs, and who agreed to be recorded. */
export const RecordingState = z.object({
  round: RoundNo,
  status: z.enum(["recording", "paused"]),
  /** Participants who have answered; anyone missing has not been asked yet and is not recorded. */
  consents: z.record(ParticipantId, ConsentChoice),
  /** Server ms of the last pause or resume (or the round's start). */
  since: z.number(),
});
export type RecordingState = z.infer<typeof RecordingState>;

export const RecordingConsent = z.object({ granted: z.boolean() });
export type RecordingConsent = z.infer<typeof RecordingConsent>;

/** `recording:pause` / `recording:resume` carry nothing but must be an (empty) object. */
export const RecordingToggle = z.object({}).strict();
export type RecordingToggle = z.infer<typeof RecordingToggle>;

/** Request and response of `PUT /api/rooms/:roomId/replay/access` (interviewers only). */
export const ReplayAccess = z.object({ observersAllowed: z.boolean() });
export type ReplayAccess = z.infer<typeof ReplayAccess>;

/** Round number in a path: a string that must parse as an integer round. */
export const RoundParam = z.coerce.number().pipe(RoundNo);
