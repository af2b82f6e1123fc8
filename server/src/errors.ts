import type { ErrorCode } from "@mockroom/shared";

/** Thrown by domain services; the edges turn it into an HTTP status, an ack or a close code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
