import type { z } from "zod";

/**
 * localStorage with a schema: what we read back may be from an older build, edited by hand or
 * half-written, so it is parsed like any other input. Storage can also be unavailable (private
 * mode, quota); every call degrades to "nothing stored" instead of throwing.
 */
const PREFIX = "mockroom.";

export const readStored = <S extends z.ZodType>(key: string, schema: S): z.infer<S> | null => {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export const writeStored = (key: string, value: unknown): void => {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: the app still works, it just will not remember.
  }
};

export const removeStored = (key: string): void => {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // See writeStored.
  }
};
