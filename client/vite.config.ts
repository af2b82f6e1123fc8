import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The dev server proxies every server path to a Mockroom server on :3000 (`pnpm --filter @mockroom/server dev`). */
const SERVER = "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    // No changeOrigin: the server compares Origin with Host on WebSocket upgrades, and both stay :5173.
    proxy: {
      "/api": { target: SERVER },
      "/socket.io": { target: SERVER, ws: true },
      "/yjs": { target: SERVER, ws: true },
    },
  },
  build: {
    target: "es2022",
    // Two big chunks are expected and lazy: Excalidraw (~1.1 MB, room page only) and its export
    // font-subsetting WASM (~1.8 MB, loaded only when someone exports an image).
    chunkSizeWarningLimit: 2_000,
  },
});
