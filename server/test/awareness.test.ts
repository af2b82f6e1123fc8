import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { docIdFor } from "@mockroom/shared";
import { setUpRoom, startServer, waitFor, yClient, type Rig, type SetUp, type YClient } from "./rig.ts";

let rig: Rig;
let s: SetUp;
let docId: string;
const clients: YClient[] = [];
const client = (token: string) => {
  const c = yClient(rig.url, docId, token);
  clients.push(c);
  return c;
};
const peerNames = (c: YClient) =>
  [...c.provider.awareness.getStates().entries()]
    .filter(([id]) => id !== c.doc.clientID)
    .map(([, st]) => (st as { user?: { name?: string } }).user?.name)
    .sort();

beforeEach(async () => {
  rig = await startServer();
  s = await setUpRoom(rig.url);
  docId = docIdFor(s.room.roomId, 1);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await rig.close();
});

describe("awareness relay", () => {
  it("[AW1] a late joiner receives current presence, and a dropped connection's presence is removed for others", async () => {
    const a = client(s.interviewer.token);
    const obs = client(s.observer.token);
    a.provider.awareness.setLocalStateField("user", { name: "Ivy" });
    obs.provider.awareness.setLocalStateField("user", { name: "Obi" });
    await Promise.all([a.synced(), obs.synced()]);
    await waitFor(() => peerNames(a).join() === "Obi" && peerNames(obs).join() === "Ivy");

    const late = client(s.candidate.token);
    await late.synced();
    await waitFor(() => peerNames(late).join() === "Ivy,Obi", 5_000, "late joiner sees both");

    // The observer's socket dies without saying goodbye: the server must remove its presence.
    obs.provider.shouldConnect = false;
    (obs.provider.ws as unknown as WebSocket).terminate();
    await waitFor(() => peerNames(a).join() === "" && peerNames(late).join() === "Ivy", 5_000, "presence removed");
  });

  it("[AW1] an idle room keeps no presence state until someone announces some", async () => {
    const a = client(s.interviewer.token);
    a.provider.awareness.setLocalState(null);
    await a.synced();
    const room = rig.app.hub.get(docId);
    expect(room?.awareness ?? null).toBeNull();
    a.provider.awareness.setLocalState({ user: { name: "Ivy" } });
    await waitFor(() => (rig.app.hub.get(docId)?.awareness?.size ?? 0) === 1);
  });
});
