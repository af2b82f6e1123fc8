import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  CONTROL_EVENT_BURST,
  ClientEventSchemas,
  ErrorCode,
  MAX_CONTROL_EVENTS_PER_SECOND,
  TokenBucket,
  fail,
  type AckResult,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import type { Logger } from "../log.ts";

export interface SocketData {
  roomId: string;
  participantId: string;
  bucket: TokenBucket;
}
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type EventName = keyof typeof ClientEventSchemas;
type Payload<E extends EventName> = z.infer<(typeof ClientEventSchemas)[E]>;
type AckData<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends (r: AckResult<infer T>) => void
  ? T
  : never;

export const newBucket = (): TokenBucket =>
  new TokenBucket(MAX_CONTROL_EVENTS_PER_SECOND, CONTROL_EVENT_BURST, Date.now());

/**
 * Registers one control event: the payload is parsed with its schema from shared (parse at the
 * edge), the sender is rate limited, and any failure becomes an error code in the ack. A handler
 * never sees unparsed input and never has to remember to ack.
 */
export const onEvent = <E extends EventName>(
  socket: IoSocket,
  event: E,
  log: Logger,
  handler: (msg: Payload<E>) => Promise<AckData<E>> | AckData<E>,
): void => {
  // The map pairs each event with its schema, but TypeScript cannot correlate the indexed types.
  const schema: z.ZodType = ClientEventSchemas[event];
  // Socket.io's typed `on` cannot express "any args": garbage arrives here as unknowns.
  (socket as unknown as Socket).on(event as string, async (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === "function" ? (last as (r: AckResult<unknown>) => void) : null;
    const reply = (r: AckResult<unknown>) => {
      if (ack) ack(r);
      else if (!r.ok) socket.emit("session:error", r.error);
    };
    if (!socket.data.bucket.take(Date.now())) return reply(fail(ErrorCode.RateLimited, "too many events"));
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) return reply(fail(ErrorCode.InvalidMessage, `invalid ${event} payload`));
    try {
      const data = await handler(parsed.data as Payload<E>);
      reply({ ok: true, data });
    } catch (e) {
      if (e instanceof DomainError) return reply(fail(e.code, e.message));
      log.error("control handler failed", { event, error: String(e) });
      reply(fail(ErrorCode.Internal, "internal error"));
    }
  });
};
