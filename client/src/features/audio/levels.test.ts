import { describe, expect, it } from "vitest";
import { QUIET, SPEAKING_HOLD_MS, SPEAKING_RMS, meterFill, nextSpeaking, rmsOf } from "./levels.ts";

describe("speaking detection", () => {
  it("turns on at once above the threshold and holds through short gaps", () => {
    let s = nextSpeaking(QUIET, SPEAKING_RMS * 2, 1_000);
    expect(s.speaking).toBe(true);
    s = nextSpeaking(s, 0, 1_000 + SPEAKING_HOLD_MS - 1);
    expect(s.speaking).toBe(true);
    s = nextSpeaking(s, 0, 1_000 + SPEAKING_HOLD_MS);
    expect(s.speaking).toBe(false);
  });

  it("never lights up on background noise below the threshold", () => {
    let s = QUIET;
    for (let t = 0; t < 5_000; t += 100) s = nextSpeaking(s, SPEAKING_RMS * 0.5, t);
    expect(s.speaking).toBe(false);
  });

  it("computes RMS and maps it onto a log meter", () => {
    expect(rmsOf(new Float32Array([0.5, -0.5, 0.5, -0.5]))).toBeCloseTo(0.5);
    expect(rmsOf(new Float32Array(0))).toBe(0);
    expect(meterFill(0)).toBe(0);
    expect(meterFill(0.001)).toBe(0); // -60 dBFS
    expect(meterFill(1)).toBe(1);
    expect(meterFill(0.03)).toBeGreaterThan(0.3);
  });
});
