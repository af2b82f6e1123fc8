// @ts-check
import { readdirSync, existsSync } from "node:fs";
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Lint rules that back the architecture (see docs/ARCHITECTURE.md). Each restriction's message
 * says why, so the person who trips it learns the rule rather than working around it.
 */
const featuresDir = "client/src/features";
const features = existsSync(featuresDir)
  ? readdirSync(featuresDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];

const featureIsolation = features.map((name) => ({
  files: [`${featuresDir}/${name}/**/*.{ts,tsx}`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: features
          .filter((other) => other !== name)
          .map((other) => ({
            group: [`../${other}`, `../${other}/*`, `**/features/${other}`, `**/features/${other}/*`],
            message: "Client features never import each other: they meet in the Y.Doc or the app shell.",
          })),
      },
    ],
  },
}));

/** What shared may not import: Node, the frameworks in `banned`, and any other workspace package. */
const sharedImportRules = (banned, message) => [
  { regex: "^node:", message: "shared runs in browsers too: no Node imports." },
  { regex: banned, message },
  { regex: "^@mockroom/(?!shared)", message: "shared is the bottom of the package graph." },
];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "client/public/**",
      "test-artifacts/**",
      "bench-results/**",
      ".data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["shared/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: sharedImportRules(
            "^(react|react-dom|yjs|socket\\.io.*|express|ws|better-sqlite3)$",
            "shared holds the protocol and pure domain logic: it imports zod only.",
          ),
        },
      ],
    },
  },
  {
    // The one corner of shared that needs Yjs itself (board-history compaction), behind its own
    // entry point `@mockroom/shared/yjs` so the protocol and domain modules stay free of it.
    files: ["shared/src/yjs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: sharedImportRules(
            "^(react|react-dom|socket\\.io.*|express|ws|better-sqlite3)$",
            "shared/yjs: Yjs and lib0 only.",
          ),
        },
      ],
    },
  },
  {
    files: [
      "server/src/rooms/**/*.ts",
      "server/src/persistence/**/*.ts",
      "server/src/collab/doc-*.ts",
      "server/src/collab/commit-queue.ts",
      "server/src/scoring/**/*.ts",
      "server/src/replay/**/*.ts",
      "server/src/recording/**/*.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(express|socket\\.io|ws)$",
              message:
                "Domain services and ports know nothing of transports; the edges (http/, realtime/, collab/ws-edge.ts) call them.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["client/src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@mockroom/(server|rubrics)",
              message:
                "The client gets rubrics and scores over the wire, filtered by role: the server is the authority.",
            },
          ],
        },
      ],
    },
  },
  ...featureIsolation,
  {
    files: ["tests/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)(client|server)/src/|^@mockroom/(client|server)",
              message: "End-to-end tests drive the app only through the browser, HTTP and sockets.",
            },
          ],
        },
      ],
    },
  },
);
