import { replayPath, replayRouteOf } from "@mockroom/shared";

export { replayPath };
/** `/r/:roomId/replay/:round` → its parts, or null for any other path. */
export const replayRouteFromPath = replayRouteOf;

/** The replay page is its own chunk: the shell loads it only on `/r/:id/replay/:round`. */
export const loadReplayPage = () => import("./ReplayPage.tsx");
