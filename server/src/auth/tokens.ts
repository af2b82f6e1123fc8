import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ErrorCode, ParticipantId, Role, RoomId } from "@mockroom/shared";

/**
 * Tokens are `base64url(json).base64url(hmac-sha256)`: self-contained so every instance can check
 * them without a lookup, unguessable because of the HMAC and the random nonce, and expiring.
 */
const InviteClaims = z.object({ k: z.literal("inv"), room: RoomId, role: Role, exp: z.number(), n: z.string() });
const ParticipantClaims = z.object({ k: z.literal("par"), room: RoomId, pid: ParticipantId, exp: z.number() });
export type InviteClaims = z.infer<typeof InviteClaims>;
export type ParticipantClaims = z.infer<typeof ParticipantClaims>;

export type TokenResult<T> = { ok: true; claims: T } | { ok: false; code: ErrorCode };

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  signInvite(room: string, role: Role, ttlMs: number): { token: string; expiresAt: number } {
    const exp = this.now() + ttlMs;
    return { token: this.sign({ k: "inv", room, role, exp, n: randomBytes(9).toString("base64url") }), expiresAt: exp };
  }

  signParticipant(room: string, pid: string, ttlMs: number): { token: string; expiresAt: number } {
    const exp = this.now() + ttlMs;
    return { token: this.sign({ k: "par", room, pid, exp }), expiresAt: exp };
  }

  verifyInvite(token: string, expectedRoom?: string): TokenResult<InviteClaims> {
    return this.verify(token, InviteClaims, expectedRoom);
  }

  verifyParticipant(token: string, expectedRoom?: string): TokenResult<ParticipantClaims> {
    return this.verify(token, ParticipantClaims, expectedRoom);
  }

  private sign(claims: object): string {
    const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `${body}.${this.mac(body)}`;
  }

  private mac(body: string): string {
    return createHmac("sha256", this.secret).update(body).digest("base64url");
  }

  private verify<T extends { room: string; exp: number }>(
    token: string,
    schema: z.ZodType<T>,
    expectedRoom: string | undefined,
  ): TokenResult<T> {
    const dot = token.indexOf(".");
    if (dot <= 0 || token.length > 2_000) return { ok: false, code: ErrorCode.TokenInvalid };
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), "base64url");
    const want = Buffer.from(this.mac(body), "base64url");
    if (given.length !== want.length || !timingSafeEqual(given, want))
      return { ok: false, code: ErrorCode.TokenInvalid };
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      return { ok: false, code: ErrorCode.TokenInvalid };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, code: ErrorCode.TokenInvalid };
    if (expectedRoom !== undefined && parsed.data.room !== expectedRoom)
      return { ok: false, code: ErrorCode.WrongRoom };
    if (parsed.data.exp <= this.now()) return { ok: false, code: ErrorCode.TokenExpired };
    return { ok: true, claims: parsed.data };
  }
}

export const newId = (bytes = 12): string => randomBytes(bytes).toString("base64url");
