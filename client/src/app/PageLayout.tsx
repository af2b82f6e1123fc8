import type { ReactNode } from "react";
import { LogoMark } from "../ui/index.ts";
import { ThemeToggle } from "./theme.tsx";

/** Header + page for everything outside a room (lobby, join, errors). */
export const PageLayout = ({ children }: { children: ReactNode }) => (
  <div className="page">
    <header className="page__header">
      <a className="brand" href="/">
        <LogoMark size={28} />
        <span className="brand__name">Mockroom</span>
      </a>
      <ThemeToggle />
    </header>
    <div className="page__content">{children}</div>
  </div>
);
