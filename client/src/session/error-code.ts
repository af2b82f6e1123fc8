import { ErrorCode } from "@mockroom/shared";

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Narrows a code that came over the wire (a close reason, an error body) to the shared table. */
export const isErrorCode = (value: string): value is ErrorCode => CODES.has(value);

export const toErrorCode = (value: unknown, fallback: ErrorCode = ErrorCode.Internal): ErrorCode =>
  typeof value === "string" && isErrorCode(value) ? value : fallback;
