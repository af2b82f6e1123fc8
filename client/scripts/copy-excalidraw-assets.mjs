/**
 * Self-hosts Excalidraw's fonts. Excalidraw 0.18.1 resolves each font as
 * `new URL("fonts/<Family>/<file>.woff2", window.EXCALIDRAW_ASSET_PATH)` and falls back to a CDN
 * (esm.sh) only when that path is unset or fails, so copying `dist/prod/fonts` to
 * `public/excalidraw-assets/fonts` and setting EXCALIDRAW_ASSET_PATH = "/excalidraw-assets/"
 * in index.html keeps every font request on our own origin.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The package does not export package.json; resolve its entry and walk up to `dist/prod`.
const entry = fileURLToPath(import.meta.resolve("@excalidraw/excalidraw"));
const prodDir = dirname(entry);
const source = join(prodDir, "fonts");
if (!existsSync(source)) {
  console.error(`copy-excalidraw-assets: no fonts at ${source}; did the Excalidraw layout change?`);
  process.exit(1);
}
const target = fileURLToPath(new URL("../public/excalidraw-assets/fonts", import.meta.url));
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
console.log(`copy-excalidraw-assets: ${source} -> ${target}`);
