import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import { addLocationFilter, interceptLinks } from "./app/router.ts";
import { absorbInviteFragment } from "./features/join/index.ts";
import "./ui/tokens.css";
import "./ui/ui.css";

// Lift `#invite=…` into storage before anything renders, on load and on every navigation.
addLocationFilter(() => absorbInviteFragment(window.location, window.history));
interceptLinks(document);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
