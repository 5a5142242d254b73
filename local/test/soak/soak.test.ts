import { describe, expect, it } from "vitest";
import { runSoak } from "../../src/soak/run-soak.js";
import { parseSoakArgs } from "../../src/soak/soak-options.js";

describe("soak", () => {
  it("churns 20 calls with random faults through a worker process and leaves it as it was", async () => {
    const report = await runSoak({ calls: 20, minutes: 20 / 60, concurrency: 6, seed: 7 });
    for (const check of report.checks)
      expect({ check: check.name, ok: check.ok, detail: check.detail }).toMatchObject({ ok: true });
    // Shuffled rounds of every kind: a 20-call soak meets each fault at least once.
    for (const kind of [
      "normal",
      "acs-disconnect",
      "malformed-frames",
      "oversized-frame",
      "forged-token",
    ] as const) {
      expect(report.calls[kind]).toBeGreaterThan(0);
    }
  }, 90_000);

  it("reads its command line and names a bad flag", () => {
    expect(parseSoakArgs(["--calls", "300", "--minutes", "10"])).toMatchObject({ calls: 300, minutes: 10 });
    expect(() => parseSoakArgs(["--calls", "-1"])).toThrow(/--calls/);
    expect(() => parseSoakArgs(["--hours", "1"])).toThrow(/--hours/);
  });
});
