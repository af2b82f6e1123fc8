/**
 * The reference: @y/websocket-server 0.1.1 as its README runs it (no auth, no persistence, every
 * document kept in memory), plus the stats hook and a /healthz that counts loaded documents.
 */
import { WebSocketServer } from "ws";
import { docs, setupWSConnection } from "@y/websocket-server/utils";
import { servePlain } from "./plain-http.ts";
import { installStatsIpc } from "./stats-ipc.ts";

installStatsIpc();
const wss = new WebSocketServer({ noServer: true });
wss.on("connection", setupWSConnection);
servePlain(
  "reference",
  wss,
  () => docs.size,
  (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  },
);
