/**
 * The floor: a bare `ws` relay that speaks just enough of the y-websocket protocol for the load
 * generator to sync (an empty sync step 1 and 2 on connect) and then forwards every frame to the
 * other connections on the same path, untouched. No Yjs, no auth, no persistence. It is not a
 * product anyone could run; it shows what the socket layer alone costs on this machine.
 */
import { WebSocketServer, type WebSocket } from "ws";
import { servePlain } from "./plain-http.ts";
import { installStatsIpc } from "./stats-ipc.ts";

installStatsIpc();
const wss = new WebSocketServer({ noServer: true });
const rooms = new Map<string, Set<WebSocket>>();
// [messageSync, step1, sv length 0] and [messageSync, step2, update length 2, 0 structs, 0 deletes]
const EMPTY_STEP_1 = Uint8Array.of(0, 0, 1, 0);
const EMPTY_STEP_2 = Uint8Array.of(0, 1, 2, 0, 0);

servePlain(
  "relay",
  wss,
  () => rooms.size,
  (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const path = req.url ?? "/";
      let peers = rooms.get(path);
      if (!peers) rooms.set(path, (peers = new Set()));
      const room = peers;
      room.add(ws);
      ws.send(EMPTY_STEP_1);
      ws.send(EMPTY_STEP_2);
      ws.on("message", (data: Buffer, isBinary) => {
        // Sync handshakes stay between a client and "the server"; everything else goes to the peers.
        if (data[0] === 0 && (data[1] === 0 || data[1] === 1)) return;
        for (const peer of room) if (peer !== ws) peer.send(data, { binary: isBinary });
      });
      ws.on("close", () => {
        room.delete(ws);
        if (room.size === 0) rooms.delete(path);
      });
    });
  },
);
