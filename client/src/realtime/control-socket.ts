import { io, type Socket } from "socket.io-client";
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ServerToClientEvents,
} from "@mockroom/shared";

/** The one typed Socket.io client; event names and payloads come only from the shared maps. */
export type ControlSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const openControlSocket = (participantToken: string): ControlSocket => {
  const auth: HandshakeAuth = { token: participantToken, v: PROTOCOL_VERSION };
  return io({
    path: "/socket.io",
    auth,
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    // A restarted server is back within seconds; do not make people wait the default 5 s.
    reconnectionDelay: 500,
    reconnectionDelayMax: 2_500,
  });
};
