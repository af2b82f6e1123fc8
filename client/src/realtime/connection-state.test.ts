import { describe, expect, it } from "vitest";
import { OFFLINE_AFTER_MS, deriveConnection, type ConnectionInputs } from "./connection-state.ts";

const base: ConnectionInputs = {
  docSynced: false,
  socketConnected: false,
  everConnected: false,
  disconnectedSince: null,
  browserOnline: true,
  failed: false,
  now: 100_000,
};

describe("deriveConnection", () => {
  it("is connecting until the first full connection", () => {
    expect(deriveConnection(base)).toBe("connecting");
    expect(deriveConnection({ ...base, docSynced: true })).toBe("connecting");
  });
  it("is connected only when both the doc and the control channel are up", () => {
    expect(deriveConnection({ ...base, docSynced: true, socketConnected: true })).toBe("connected");
  });
  it("says reconnecting after a drop, then offline once the drop lasts", () => {
    const dropped = { ...base, everConnected: true, disconnectedSince: base.now - 1_000 };
    expect(deriveConnection(dropped)).toBe("reconnecting");
    expect(deriveConnection({ ...dropped, disconnectedSince: base.now - OFFLINE_AFTER_MS })).toBe("offline");
  });
  it("is offline at once when the browser says so", () => {
    expect(deriveConnection({ ...base, everConnected: true, browserOnline: false, disconnectedSince: base.now })).toBe(
      "offline",
    );
  });
  it("a refusal wins over everything", () => {
    expect(deriveConnection({ ...base, docSynced: true, socketConnected: true, failed: true })).toBe("closed");
  });
});
