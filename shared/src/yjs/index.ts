/**
 * Shared code that needs Yjs itself. A separate entry point (`@mockroom/shared/yjs`) so that the
 * protocol and domain modules stay free of it.
 */
export * from "./compact.ts";
export * from "./carry-over.ts";
