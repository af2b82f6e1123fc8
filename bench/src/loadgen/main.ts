/**
 * The load generator: its own process, driven by the orchestrator over IPC. It creates rooms
 * (Mockroom: over the real HTTP API), opens two real y-websocket clients per room, runs the edit
 * load and reports what the readers saw. Every wait is bounded; it exits on its own if the
 * orchestrator goes away or the overall deadline passes.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as Y from "yjs";
import { CreateRoomResponse, JoinResponse, docIdFor } from "@mockroom/shared";
import { postJson } from "../proc.ts";
import { summarize } from "../stats.ts";
import { Pair, type Endpoint } from "./pair.ts";
import type { LoadgenCommand, RanReport, ReadyReport, StormReport } from "./protocol.ts";

const DEADLINE_MS = 20 * 60_000;
const HTTP_CONCURRENCY = 16;
const CONNECT_BATCH_PAIRS = 100;
const CONNECT_BATCH_TIMEOUT_MS = 60_000;

// 2,000 providers each register a process 'exit' handler.
process.setMaxListeners(0);
setTimeout(() => fail(new Error("load generator deadline passed")), DEADLINE_MS).unref();
process.on("disconnect", () => process.exit(0));

const now = () => performance.now();
let pairs: Pair[] = [];
let latencies: number[] = [];

const send = (msg: object) => process.send?.(msg);
const fail = (e: unknown) => {
  send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  setTimeout(() => process.exit(1), 100);
};

const waitUntil = async (cond: () => boolean, timeoutMs: number, what: string): Promise<number> => {
  const start = now();
  while (!cond()) {
    if (now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return now() - start;
};

/** Runs `fn` over 0..n-1 with at most `limit` in flight. */
const pool = async <T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> => {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
};

const endpoints = async (
  kind: "mockroom" | "reference",
  url: string,
  rooms: number,
  offset: number,
): Promise<Endpoint[]> => {
  if (kind === "reference")
    return Array.from({ length: rooms }, (_, i) => ({ kind, url, docId: `bench-room-${offset + i}` }));
  return pool(rooms, HTTP_CONCURRENCY, async (i) => {
    const room = CreateRoomResponse.parse(
      await postJson(`${url}/api/rooms`, { title: `Bench room ${offset + i}`, roundType: "system-design" }),
    );
    const join = async (token: string, name: string) =>
      JoinResponse.parse(await postJson(`${url}/api/rooms/${room.roomId}/join`, { invite: token, name }));
    const writer = await join(room.invites.interviewer.token, "Writer");
    const reader = await join(room.invites.candidate.token, "Reader");
    return { kind, url, docId: docIdFor(room.roomId, 1), writerToken: writer.token, readerToken: reader.token };
  });
};

let created: { endpoints: Endpoint[]; httpMs: number } | null = null;

const create = async (cmd: Extract<LoadgenCommand, { type: "create" }>): Promise<void> => {
  const t0 = now();
  const eps = await endpoints(cmd.kind, cmd.url, cmd.rooms, cmd.offset);
  created = { endpoints: eps, httpMs: now() - t0 };
};

let connected = 0;

/** Connects rooms [connected, upTo): in two steps, the orchestrator can tell per-room memory from warm-up. */
const connect = async (upTo: number | undefined): Promise<ReadyReport> => {
  if (!created) throw new Error("connect before create");
  if (connected === 0) {
    latencies = [];
    pairs = created.endpoints.map((ep) => new Pair(ep, latencies, now));
  }
  const end = Math.min(upTo ?? pairs.length, pairs.length);
  const fresh = pairs.slice(connected, end);
  const t1 = now();
  for (let i = 0; i < fresh.length; i += CONNECT_BATCH_PAIRS) {
    const batch = fresh.slice(i, i + CONNECT_BATCH_PAIRS);
    for (const p of batch) p.connect();
    await waitUntil(() => batch.every((p) => p.synced), CONNECT_BATCH_TIMEOUT_MS, "clients to sync");
  }
  const connectMs = now() - t1;
  for (const p of fresh) p.seedBoard();
  await waitUntil(() => fresh.every((p) => p.reader.doc.getMap("board").size > 0), 60_000, "seeded boards");
  connected = end;
  return { type: "ready", connectMs, clients: fresh.length * 2 };
};

const run = async (cmd: Extract<LoadgenCommand, { type: "run" }>): Promise<RanReport> => {
  latencies.length = 0;
  const base = pairs.map((p) => ({ sent: p.sent, delivered: p.delivered }));
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const t0 = now();
  for (const p of pairs) p.start(cmd.intervalMs);
  await new Promise((r) => setTimeout(r, cmd.durationMs));
  for (const p of pairs) p.stop();
  const writeMs = now() - t0;
  const drainMs = await waitUntil(() => pairs.every((p) => p.allDelivered), cmd.drainMs, "delivery").catch(
    () => cmd.drainMs,
  );
  lag.disable();
  let sent = 0;
  let delivered = 0;
  pairs.forEach((p, i) => {
    sent += p.sent - base[i]!.sent;
    delivered += p.delivered - base[i]!.delivered;
  });
  const errors = pairs.reduce((n, p) => n + p.writer.errors + p.reader.errors, 0);
  return {
    type: "ran",
    sent,
    delivered,
    writeMs,
    drainMs,
    latencyMs: summarize(latencies),
    latencySamples: latencies.slice(),
    loopDelayP99Ms: lag.percentile(99) / 1e6,
    errors,
  };
};

/** The join storm: the orchestrator has SIGKILLed the server; writers stop as a client would. */
let ackedAtKill: number[] = [];
const stormKill = (): void => {
  for (const p of pairs) p.stop();
  ackedAtKill = pairs.map((p) => p.writer.acked);
  for (const p of pairs) {
    p.writer.captureStep1 = true;
    p.reader.captureStep1 = true;
    p.writer.step1Vector = null;
    p.reader.step1Vector = null;
  }
};

const stormRestarted = async (cmd: Extract<LoadgenCommand, { type: "storm-restarted" }>): Promise<StormReport> => {
  const t0 = now();
  const syncTimes: number[] = [];
  const seen = new Set<object>();
  const all = pairs.flatMap((p) => [p.writer, p.reader]);
  await waitUntil(
    () => {
      // Providers report synced=false from the moment their socket closed.
      for (const c of all)
        if (!seen.has(c) && c.synced && c.step1Vector) {
          seen.add(c);
          syncTimes.push(now() - t0);
        }
      return seen.size === all.length;
    },
    cmd.timeoutMs,
    "every client to resync",
  ).catch(() => undefined);
  const allSyncedMs = seen.size === all.length ? now() - t0 : NaN;
  // The server's state at each client's join is its step-1 vector; the earlier of a room's two
  // joins can only hold what was loaded from storage, since nobody had pushed anything yet.
  let lostAcked = 0;
  let checkedRooms = 0;
  pairs.forEach((p, i) => {
    const id = p.writer.doc.clientID;
    const a = p.writer.step1Vector?.get(id) ?? 0;
    const b = p.reader.step1Vector?.get(id) ?? 0;
    if (!p.writer.step1Vector || !p.reader.step1Vector) return;
    checkedRooms++;
    if (Math.min(a, b) < ackedAtKill[i]!) lostAcked++;
  });
  // Then everything converges: clients resend whatever was not durable.
  let convergedMs = NaN;
  try {
    convergedMs = await waitUntil(
      () => pairs.every((p) => readerHas(p) >= p.writer.clock),
      cmd.timeoutMs,
      "convergence",
    );
  } catch {
    /* reported as NaN */
  }
  const unconverged = pairs.filter((p) => readerHas(p) < p.writer.clock).length;
  return {
    type: "storm",
    clients: all.length,
    syncedClients: seen.size,
    allSyncedMs,
    syncMs: summarize(syncTimes),
    syncSamples: syncTimes,
    checkedRooms,
    ackedEdits: ackedAtKill.reduce((n, v) => n + (v > 0 ? 1 : 0), 0),
    lostAcked,
    convergedAfterMs: convergedMs,
    unconverged,
  };
};

/** How much of the writer's work the reader holds. */
const readerHas = (p: Pair): number => Y.getState(p.reader.doc.store, p.writer.doc.clientID);

const close = async (): Promise<void> => {
  for (const p of pairs) p.destroy();
  pairs = [];
  latencies = [];
  connected = 0;
  await new Promise((r) => setTimeout(r, 200));
};

process.on("message", (cmd: LoadgenCommand) => {
  const handle = async () => {
    switch (cmd.type) {
      case "create":
        await create(cmd);
        return send({ type: "created", httpMs: created?.httpMs ?? 0 });
      case "connect":
        return send(await connect(cmd.upTo));
      case "run":
        return send(await run(cmd));
      case "storm-kill":
        stormKill();
        return send({ type: "storm-killed" });
      case "storm-restarted":
        return send(await stormRestarted(cmd));
      case "close":
        await close();
        return send({ type: "closed" });
      case "exit":
        await close();
        process.exit(0);
    }
  };
  handle().catch(fail);
});
send({ type: "started" });
