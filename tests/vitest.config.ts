import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * End-to-end suite: real server processes, real Chromium. One file at a time in one worker
 * (servers bind ports and the browser is heavy), with timeouts sized for server restarts.
 */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Timings and the artifacts path are printed for people reading CI logs.
    silent: false,
  },
});
