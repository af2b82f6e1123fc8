#!/usr/bin/env node
// Runs a command inside a private network namespace that has only loopback, so browsers, WebRTC
// and servers in tests can reach nothing but 127.0.0.1 whatever ICE candidates they pick.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: in-netns.mjs <command> [args...]");
  process.exit(2);
}
const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
const inner = `ip link set lo up && exec pnpm exec ${quoted}`;
const r = spawnSync("unshare", ["--net", "sh", "-c", inner], { stdio: "inherit" });
if (r.error) {
  console.error(`could not create a network namespace: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
