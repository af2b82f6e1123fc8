import { z } from "zod";
import type { Ack } from "./errors.ts";
import { PROTOCOL_VERSION } from "./version.ts";

/** Socket.io handshake `auth` payload, checked by the server's middleware. */
export const HandshakeAuth = z.object({
  token: z.string().min(1).max(2_000),
  v: z.literal(PROTOCOL_VERSION),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const Ping = z.object({ t: z.number() });
export type Ping = z.infer<typeof Ping>;

/** Client → server events. Every payload is parsed with its schema at the server edge. */
export interface ClientToServerEvents {
  /** Clock sync: the server acks with its own clock. */
  "clock:ping": (msg: Ping, ack: Ack<{ t: number; server: number }>) => void;
}

/** Schemas by event name, so the server edge can parse every payload generically. */
export const ClientEventSchemas = {
  "clock:ping": Ping,
} satisfies { [K in keyof ClientToServerEvents]: z.ZodType };
