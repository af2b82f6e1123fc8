/**
 * Runs the real Mockroom entry point (server/src/main.ts, configured by MOCKROOM_* env) with the
 * benchmark's stats hook beside it, in its own process. Nothing in the server changes.
 */
import { installStatsIpc } from "./stats-ipc.ts";

installStatsIpc();
await import("../../../server/src/main.ts");
