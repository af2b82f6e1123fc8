import { afterAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as Y from "yjs";
import { DocKey, docIdFor } from "@mockroom/shared";
import { seededRandom } from "@mockroom/shared/testing";
import { setUpRoom, sleep, tempDir, waitFor, yClient, type YClient } from "./rig.ts";
import { freePort, kill9, spawnServer } from "./process.ts";

/**
 * DUR1: clients keep writing while the server process is SIGKILLed and restarted. Every update the
 * server acknowledged as persisted must be there afterwards — and, because clients keep their
 * unacknowledged edits and resend them on reconnect, in the end everything is.
 */
const KILLS = 4;
const WRITERS = 3;

let server: ChildProcess | null = null;
afterAll(async () => {
  if (server) await kill9(server);
});

describe("kill -9 durability", () => {
  it(`[DUR1] ${KILLS} SIGKILLs mid-write lose no acknowledged update`, async () => {
    const dataDir = tempDir("mockroom-kill-");
    const port = await freePort();
    const env = {
      MOCKROOM_PORT: String(port),
      MOCKROOM_DATA_DIR: dataDir,
      MOCKROOM_SECRET: "k".repeat(40),
      MOCKROOM_SNAPSHOT_EVERY_UPDATES: "25",
      // Writers here never pause, so acks come at the max delay; kills are 0.3–0.6 s apart.
      MOCKROOM_ACK_MAX_DELAY_MS: "100",
    };
    const url = `http://127.0.0.1:${port}`;
    server = await spawnServer(env);
    const s = await setUpRoom(url);
    const docId = docIdFor(s.room.roomId, 1);
    const writers: YClient[] = Array.from({ length: WRITERS }, (_, i) =>
      yClient(url, docId, i === 0 ? s.candidate.token : s.interviewer.token),
    );
    // For each writer: its tokens in order, with the local clock after each insert.
    const written = writers.map(() => [] as { token: string; clock: number }[]);
    const acked = () =>
      writers.flatMap((w, i) => {
        const durable = w.persisted.get(w.doc.clientID) ?? 0;
        return written[i]!.filter((x) => x.clock <= durable).map((x) => x.token);
      });
    const rand = seededRandom(42);
    let running = true;
    const writing = Promise.all(
      writers.map(async (w, i) => {
        await w.synced();
        let n = 0;
        while (running) {
          const token = `<w${i}n${n++}>`;
          const pad = w.doc.getText(DocKey.Pad);
          // Only at either end: an insert inside another token would split it and hide it from the check.
          pad.insert(rand() < 0.5 ? 0 : pad.length, token);
          written[i]!.push({ token, clock: Y.getState(w.doc.store, w.doc.clientID) });
          await sleep(5 + Math.floor(rand() * 20));
        }
      }),
    );
    const ackedBeforeKill: string[][] = [];
    for (let k = 0; k < KILLS; k++) {
      await sleep(300 + Math.floor(rand() * 300));
      ackedBeforeKill.push(acked());
      await kill9(server);
      await sleep(100 + Math.floor(rand() * 300));
      server = await spawnServer(env);
    }
    await sleep(300);
    running = false;
    await writing;
    const everything = written.flat().map((x) => x.token);
    await waitFor(() => acked().length === everything.length, 20_000, "all writes acknowledged after the last restart");

    // A fresh reader sees every acknowledged token, exactly once.
    const reader = yClient(url, docId, s.observer.token);
    await reader.synced();
    const text = reader.doc.getText(DocKey.Pad).toString();
    const missing = ackedBeforeKill.flat().filter((t) => !text.includes(t));
    expect(missing, "acknowledged before a kill, missing after").toEqual([]);
    for (const t of everything) expect(text.split(t).length - 1, `${t} appears once`).toBe(1);
    expect(ackedBeforeKill.at(-1)!.length).toBeGreaterThan(10);
    for (const w of [...writers, reader]) w.destroy();
    // The same holds read straight from the database file after a clean stop.
    await kill9(server);
    const { openSqliteStorage } = await import("../src/persistence/sqlite.ts");
    const storage = openSqliteStorage(join(dataDir, "mockroom.db"));
    const snap = await storage.snapshots.latest(docId);
    const replay = new Y.Doc();
    if (snap) Y.applyUpdate(replay, snap.state);
    for (const e of await storage.docLog.read(docId, snap?.seq ?? 0)) Y.applyUpdate(replay, e.update);
    expect(replay.getText(DocKey.Pad).toString()).toBe(text);
    await storage.close();
    server = null;
  }, 120_000);
});
