import * as decoding from "lib0/decoding";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  CreateRoomResponse,
  DocKey,
  JoinResponse,
  PROTOCOL_VERSION,
  YJS_PATH,
  YMessage,
  docIdFor,
  encodeBoardValue,
} from "@mockroom/shared";
import { rectangleElement } from "@mockroom/shared/testing";
import { launchBrowser, newUser, type User } from "../lib/browser.ts";
import { boardCount, drawRectangle, focusPad, padText, waitForRoom, waitForSaved } from "../lib/room-page.ts";
import { startServer, type ServerProcess } from "../lib/server.ts";
import { startTcpProxy, type TcpProxy } from "../lib/tcp-proxy.ts";

/**
 * DOC12/DOC13 as a person meets them: a candidate drops off the network while the interviewer
 * moves things around a lot and leaves, so the server compacts the board's history. The candidate
 * keeps typing and drawing offline; when the network returns, their tab starts a fresh copy of the
 * doc by itself and nothing they did is lost.
 */
const ELEMENTS = 40;
/** What the browser logs for requests and sockets the cut network broke (net:: errors, failed WebSocket handshakes). */
const OUTAGE_ERROR = /net::ERR_[A-Z_]+|WebSocket connection to .* failed/;
const MOVES = 1_200;

const element = (i: number, version: number, x: number) =>
  encodeBoardValue(
    rectangleElement(`seed-${i}`, i, version, x, 600 + (i % 8) * 90, {
      width: 60,
      height: 40,
      index: `b${i.toString(36).padStart(2, "0")}`,
      roundness: null,
    }),
  );

const post = async (url: string, body: unknown): Promise<unknown> => {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
};

/** A real y-websocket client in this process: the interviewer, scripted. */
const nodeClient = (server: ServerProcess, docId: string, token: string) => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}${YJS_PATH}`, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, v: String(PROTOCOL_VERSION) },
    disableBc: true,
  });
  let durable = 0;
  provider.messageHandlers[YMessage.Epoch] = () => {};
  provider.messageHandlers[YMessage.Persisted] = (_e, d) => {
    durable = Y.decodeStateVector(decoding.readVarUint8Array(d)).get(doc.clientID) ?? durable;
  };
  const until = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 1_000 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
    if (!cond()) throw new Error(`timed out waiting for ${what}`);
  };
  return {
    doc,
    synced: () => until(() => provider.synced, "sync"),
    saved: () => until(() => durable >= Y.getState(doc.store, doc.clientID), "persisted"),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
};

/** The epoch a fresh connection is told first (loads the room if it is not loaded). */
const epochNow = (server: ServerProcess, docId: string, token: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${server.url.replace(/^http/, "ws")}${YJS_PATH}/${docId}?token=${encodeURIComponent(token)}&v=${PROTOCOL_VERSION}`,
    );
    ws.on("error", reject);
    ws.on("message", (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== YMessage.Epoch) return;
      resolve(decoding.readVarUint(d));
      ws.close();
    });
  });

describe("[DOC13] [UI5] offline edits survive resets and closed tabs", () => {
  let server: ServerProcess;
  let browser: Browser;
  let candidate: User;
  let network: TcpProxy;

  beforeAll(async () => {
    server = await startServer({ env: { MOCKROOM_ROOM_UNLOAD_GRACE_MS: "300" } });
    browser = await launchBrowser();
    // The candidate's browser reaches the server only through this, so the test can drop their network.
    network = await startTcpProxy(server.port);
  });
  afterAll(async () => {
    await browser?.close();
    await network?.close();
    await server?.kill();
  });

  it("keeps every offline edit and lands in the new epoch by itself", async () => {
    const room = CreateRoomResponse.parse(
      await post(`${server.url}/api/rooms`, { title: "Design a feed ranking system", roundType: "system-design" }),
    );
    const docId = docIdFor(room.roomId, 1);
    candidate = await newUser(browser, "candidate", network.url);
    const page = candidate.page;
    await page.goto(room.invites.candidate.url.replace(server.url, network.url));
    await page.getByTestId("join-name").fill("Cam");
    await page.getByTestId("join-button").click();
    await waitForRoom(page);
    await drawRectangle(page, { x: 0.45, y: 0.25 });
    await focusPad(page);
    await page.keyboard.type("def rank(items):", { delay: 10 });
    await waitForSaved(page);
    expect(await page.evaluate(() => window.__mockroom?.docEpoch())).toBe(0);

    // The interviewer lays out 40 boxes and shuffles them 1,200 times while the candidate is connected.
    const ivy = JoinResponse.parse(
      await post(`${server.url}/api/rooms/${room.roomId}/join`, {
        invite: room.invites.interviewer.token,
        name: "Ivy",
      }),
    );
    const interviewer = nodeClient(server, docId, ivy.token);
    await interviewer.synced();
    const board = interviewer.doc.getMap<string>(DocKey.Board);
    interviewer.doc.transact(() => {
      for (let i = 0; i < ELEMENTS; i++) board.set(`seed-${i}`, element(i, 1, 60 * i));
    });
    for (let done = 0; done < MOVES; done += 200)
      interviewer.doc.transact(() => {
        for (let m = done; m < done + 200; m++)
          board.set(`seed-${m % ELEMENTS}`, element(m % ELEMENTS, 2 + m, m % 700));
      });
    await interviewer.saved();
    await page.waitForFunction((n) => window.__mockroom?.docBoardElements() === n, 1 + ELEMENTS, { timeout: 20_000 });

    // The candidate's network drops; the interviewer leaves; the room is compacted (epoch 1).
    network.cut();
    await page.waitForFunction(() => window.__mockroom?.connection() !== "connected", null, { timeout: 20_000 });
    interviewer.destroy();
    let epoch = 0;
    for (let i = 0; i < 50 && epoch === 0; i++) {
      await new Promise((r) => setTimeout(r, 400));
      epoch = await epochNow(server, docId, ivy.token);
    }
    expect(epoch).toBe(1);

    // Offline, the candidate keeps working: a second rectangle, then a line of code.
    await drawRectangle(page, { x: 0.6, y: 0.25 });
    await focusPad(page);
    await page.keyboard.type("\n# written offline", { delay: 10 });
    expect(await page.evaluate(() => window.__mockroom?.saveState())).toBe("saving");

    // Back online: the old doc is refused (4410), a fresh one replaces it, the edits come along.
    network.restore();
    await page.waitForFunction(() => window.__mockroom?.docEpoch() === 1, null, { timeout: 30_000 });
    // The fresh doc's editor took the cursor and focus over: typing simply goes on where it was.
    await page.keyboard.type(" (still here)", { delay: 10 });
    await waitForSaved(page);
    // (The editor indents the new line under the `def`.)
    const text = await padText(page);
    expect(text).toMatch(/^def rank\(items\):\n\s+# written offline \(still here\)$/);
    expect(await boardCount(page)).toBe(2 + ELEMENTS);

    // The server has all of it: a newcomer sees the same.
    const check = nodeClient(server, docId, ivy.token);
    await check.synced();
    expect(check.doc.getText(DocKey.Pad).toString()).toBe(text);
    expect(check.doc.getMap(DocKey.Board).size).toBe(2 + ELEMENTS);
    check.destroy();
    // The browser logs each refused reconnect during the outage; nothing else may go wrong.
    expect(candidate.errors.filter((e) => !OUTAGE_ERROR.test(e))).toEqual([]);
  });

  it("[UI5] edits made offline survive closing the tab and come back on the next visit", async () => {
    const room = CreateRoomResponse.parse(
      await post(`${server.url}/api/rooms`, { title: "Design a feed ranking system", roundType: "system-design" }),
    );
    const user = await newUser(browser, "candidate-2", network.url);
    const page = user.page;
    await page.goto(room.invites.candidate.url.replace(server.url, network.url));
    await page.getByTestId("join-name").fill("Cam");
    await page.getByTestId("join-button").click();
    await waitForRoom(page);
    const roomUrl = page.url();
    await focusPad(page);
    await page.keyboard.type("def score(user):", { delay: 10 });
    await waitForSaved(page);

    // Offline: a line of code and a rectangle, then the tab is closed (the leave guard asks; leave).
    network.cut();
    await page.waitForFunction(() => window.__mockroom?.connection() !== "connected", null, { timeout: 20_000 });
    await focusPad(page);
    await page.keyboard.type("\n# offline, then closed", { delay: 10 });
    await drawRectangle(page, { x: 0.55, y: 0.3 });
    expect(await page.evaluate(() => window.__mockroom?.saveState())).toBe("saving");
    // Long enough for the local copy to be written (UNSAVED_COPY_EVERY_MS).
    await page.waitForTimeout(800);
    page.on("dialog", (d) => void d.accept());
    await page.close({ runBeforeUnload: true });
    await page.waitForEvent("close");

    // Online again, the same person opens the room: the edits are there and get saved.
    network.restore();
    const again = await user.context.newPage();
    await again.goto(roomUrl);
    await waitForRoom(again);
    await again.waitForFunction(() => window.__mockroom?.padText().includes("# offline, then closed"), null, {
      timeout: 20_000,
    });
    await waitForSaved(again);
    expect(await padText(again)).toMatch(/^def score\(user\):\n\s+# offline, then closed$/);
    expect(await again.evaluate(() => window.__mockroom?.docBoardElements())).toBe(1);
    // Saved, so the browser keeps no copy any more.
    await again.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const r = indexedDB.open("mockroom-unsaved");
          r.onsuccess = () => {
            const keys = r.result.transaction("docs").objectStore("docs").getAllKeys();
            keys.onsuccess = () => resolve(keys.result.length === 0);
          };
        }),
      null,
      { timeout: 10_000 },
    );
    const check = nodeClient(
      server,
      docIdFor(room.roomId, 1),
      JoinResponse.parse(
        await post(`${server.url}/api/rooms/${room.roomId}/join`, {
          invite: room.invites.interviewer.token,
          name: "Ivy",
        }),
      ).token,
    );
    await check.synced();
    expect(check.doc.getText(DocKey.Pad).toString()).toBe(await padText(again));
    check.destroy();
    expect(user.errors.filter((e) => !OUTAGE_ERROR.test(e))).toEqual([]);
  });
});
