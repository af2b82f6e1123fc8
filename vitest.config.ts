import { defineConfig } from "vitest/config";

/** Unit and integration tests of every package. End-to-end suites have their own config in tests/. */
export default defineConfig({
  test: {
    include: [
      "shared/src/**/*.test.ts",
      "rubrics/src/**/*.test.ts",
      "server/src/**/*.test.ts",
      "server/test/**/*.test.ts",
      "client/src/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
