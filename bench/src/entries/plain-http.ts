/**
 * The HTTP shell the reference server and the bare relay share: /healthz with a count of loaded
 * documents (as Mockroom reports), WebSocket upgrades handed to `onUpgrade`, the ready line the
 * orchestrator waits for, and a stop on SIGTERM/SIGINT that drops every connection.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocketServer } from "ws";

export const servePlain = (
  name: string,
  wss: WebSocketServer,
  loadedDocs: () => number,
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): void => {
  const port = Number(process.env["PORT"] ?? "0");
  const server = createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, loadedDocs: loadedDocs() }));
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("okay");
  });
  server.on("upgrade", onUpgrade);
  server.listen(port, "127.0.0.1", () => {
    const addr = server.address();
    const actual = typeof addr === "object" && addr ? addr.port : port;
    process.stdout.write(`${name} running at http://127.0.0.1:${actual}\n`);
  });
  const stop = () => {
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
};
