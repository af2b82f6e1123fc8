import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SERVER_DIR = fileURLToPath(new URL("../../server", import.meta.url));
export const CLIENT_DIST = fileURLToPath(new URL("../../client/dist", import.meta.url));
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../test-artifacts", import.meta.url));
