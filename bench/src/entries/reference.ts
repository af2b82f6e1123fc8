/**
 * The reference: @y/websocket-server 0.1.1 as its README runs it (no auth, no persistence, every
 * document kept in memory), plus the stats hook and a /healthz that counts loaded documents.
 */
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { docs, setupWSConnection } from "@y/websocket-server/utils";
import { installStatsIpc } from "./stats-ipc.ts";

installStatsIpc();
const port = Number(process.env["PORT"] ?? "0");
const wss = new WebSocketServer({ noServer: true });
const server = createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, loadedDocs: docs.size }));
    return;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("okay");
});
wss.on("connection", setupWSConnection);
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
});
server.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  process.stdout.write(`reference running at http://127.0.0.1:${actual}\n`);
});
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
