import { z } from "zod";
import { DisplayName } from "@mockroom/shared";
import { readStored, writeStored } from "./storage.ts";

/** The display name is remembered across rooms: people rarely change it. */
export const loadDisplayName = (): string => readStored("name", DisplayName) ?? "";
export const saveDisplayName = (name: string): void => writeStored("name", name.trim());

export const ThemePref = z.enum(["system", "light", "dark"]);
export type ThemePref = z.infer<typeof ThemePref>;
// index.html reads this key before the bundle loads, to avoid a flash of the wrong theme.
export const loadThemePref = (): ThemePref => readStored("theme", ThemePref) ?? "system";
export const saveThemePref = (t: ThemePref): void => writeStored("theme", t);

const Layout = z.object({
  split: z.number().min(0.1).max(0.9),
  sidePanelOpen: z.boolean(),
});
export type LayoutPrefs = z.infer<typeof Layout>;
/**
 * The board gets two thirds: Excalidraw switches to its cramped mobile layout below 730 px, and
 * at 1440 px with the side panel open this keeps it above that. On smaller screens the side panel
 * starts closed so the board and pad keep their room.
 */
export const DEFAULT_SPLIT = 0.66;
const SIDE_PANEL_OPEN_MIN_WIDTH_PX = 1280;
export const loadLayout = (): LayoutPrefs =>
  readStored("layout", Layout) ?? {
    split: DEFAULT_SPLIT,
    sidePanelOpen: window.innerWidth >= SIDE_PANEL_OPEN_MIN_WIDTH_PX,
  };
export const saveLayout = (l: LayoutPrefs): void => writeStored("layout", l);

/**
 * Audio devices are stored as raw device ids, not JSON (the format the first builds wrote), so
 * they bypass readStored/writeStored; unavailable storage still degrades to "nothing stored".
 */
const readDeviceId = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const writeDeviceId = (key: string, deviceId: string): void => {
  try {
    localStorage.setItem(key, deviceId);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
};

/** The microphone, picked on the join page's mic check or in the room; the audio feature opens it. */
const MIC_DEVICE_KEY = "mockroom.audio.mic";
export const loadMicDevice = (): string | null => readDeviceId(MIC_DEVICE_KEY);
export const saveMicDevice = (deviceId: string): void => writeDeviceId(MIC_DEVICE_KEY, deviceId);

/** The output the others' voices play on (AUDE13). */
const SPEAKER_DEVICE_KEY = "mockroom.audio.speaker";
export const loadSpeakerDevice = (): string | null => readDeviceId(SPEAKER_DEVICE_KEY);
export const saveSpeakerDevice = (deviceId: string): void => writeDeviceId(SPEAKER_DEVICE_KEY, deviceId);
