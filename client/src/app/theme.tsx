import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { loadThemePref, saveThemePref, type ThemePref } from "../session/index.ts";
import { IconButton, MonitorIcon, MoonIcon, SunIcon } from "../ui/index.ts";

export type EffectiveTheme = "light" | "dark";

interface ThemeValue {
  pref: ThemePref;
  effective: EffectiveTheme;
  setPref: (p: ThemePref) => void;
}

const ThemeContext = createContext<ThemeValue | null>(null);
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** Dark mode follows the system unless the person picks one; the choice is remembered. */
export const ThemeProvider = ({ children }: { children: ReactNode }) => {
  const [pref, setPrefState] = useState<ThemePref>(loadThemePref);
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(DARK_QUERY).matches);

  useEffect(() => {
    const mq = window.matchMedia(DARK_QUERY);
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);

  useEffect(() => {
    if (pref === "system") delete document.documentElement.dataset["theme"];
    else document.documentElement.dataset["theme"] = pref;
  }, [pref]);

  const setPref = useCallback((p: ThemePref) => {
    saveThemePref(p);
    setPrefState(p);
  }, []);

  const value = useMemo<ThemeValue>(
    () => ({ pref, effective: pref === "system" ? (systemDark ? "dark" : "light") : pref, setPref }),
    [pref, systemDark, setPref],
  );
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
};

export const useTheme = (): ThemeValue => {
  const v = useContext(ThemeContext);
  if (!v) throw new Error("useTheme needs a <ThemeProvider>");
  return v;
};

const NEXT: Record<ThemePref, ThemePref> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<ThemePref, string> = { system: "System", light: "Light", dark: "Dark" };

export const ThemeToggle = () => {
  const { pref, setPref } = useTheme();
  const icon = pref === "system" ? <MonitorIcon /> : pref === "light" ? <SunIcon /> : <MoonIcon />;
  return (
    <IconButton
      label={`Theme: ${LABEL[pref]}. Switch to ${LABEL[NEXT[pref]]}`}
      title={`Theme: ${LABEL[pref]}`}
      icon={icon}
      onClick={() => setPref(NEXT[pref])}
    />
  );
};
