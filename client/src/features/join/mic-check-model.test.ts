import { describe, expect, it } from "vitest";
import { levelOf, micCheckProblem, micOptions, pickDevice } from "./mic-check-model.ts";

describe("join mic check", () => {
  it("[JOIN1] turns the browser's refusals into something to act on (never a blocker)", () => {
    expect(micCheckProblem(new DOMException("x", "NotAllowedError"))).toBe("denied");
    expect(micCheckProblem(new DOMException("x", "NotFoundError"))).toBe("missing");
    expect(micCheckProblem(new DOMException("x", "NotReadableError"))).toBe("busy");
    expect(micCheckProblem(new TypeError("no mediaDevices"))).toBe("unsupported");
  });

  it("[JOIN1] the level is 0 for silence, grows with loudness, and is clamped to 1", () => {
    expect(levelOf(new Float32Array(256))).toBe(0);
    const quiet = levelOf(new Float32Array(256).fill(0.02));
    const loud = levelOf(new Float32Array(256).fill(0.15));
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(levelOf(new Float32Array(256).fill(1))).toBe(1);
    expect(levelOf([])).toBe(0);
  });

  it("[JOIN1] lists microphones only, numbered before permission, and keeps the remembered one", () => {
    const opts = micOptions([
      { kind: "audioinput", deviceId: "a", label: "" },
      { kind: "videoinput", deviceId: "cam", label: "Camera" },
      { kind: "audioinput", deviceId: "b", label: "USB mic" },
    ]);
    expect(opts).toEqual([
      { deviceId: "a", label: "Microphone 1" },
      { deviceId: "b", label: "USB mic" },
    ]);
    expect(pickDevice(opts, "b")).toBe("b");
    expect(pickDevice(opts, "unplugged")).toBe("a");
    expect(pickDevice([], "b")).toBe(null);
  });
});
