import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../local/src/azurite/index.js";
import { ANSWER_CLAIMS_TABLE, createTableAnswerClaims, createTableClient } from "../src/app.js";

describe("Table Storage answer claims (Azurite)", () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite.close());
  const client = () =>
    createTableClient(
      { kind: "connection-string", connectionString: azurite.connectionString },
      ANSWER_CLAIMS_TABLE,
    );

  it("lets exactly one of many concurrent claimants win", async () => {
    const claims = createTableAnswerClaims(client());
    const results = await Promise.all(
      Array.from({ length: 12 }, () => claims.claim("k-concurrent", { correlationId: "c" })),
    );
    expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
  });

  it("reports answered and failed claims as duplicates", async () => {
    const claims = createTableAnswerClaims(client());
    expect(await claims.claim("k-answered", { correlationId: undefined })).toEqual({ kind: "claimed" });
    await claims.markAnswered("k-answered", "call-1");
    expect(await claims.claim("k-answered", { correlationId: undefined })).toEqual({
      kind: "duplicate",
      state: "answered",
      callConnectionId: "call-1",
    });
    await claims.claim("k-failed", { correlationId: undefined });
    await claims.markFailed("k-failed", "call-gone");
    expect(await claims.claim("k-failed", { correlationId: undefined })).toMatchObject({ state: "failed" });
  });

  it("frees a released claim for the next delivery", async () => {
    const claims = createTableAnswerClaims(client());
    await claims.claim("k-released", { correlationId: undefined });
    await claims.release("k-released");
    expect(await claims.claim("k-released", { correlationId: undefined })).toEqual({ kind: "claimed" });
  });

  it("takes over a claim whose holder vanished, after the lease, once", async () => {
    let nowMs = 1_000_000;
    const claims = createTableAnswerClaims(client(), { leaseMs: 30_000, now: () => nowMs });
    await claims.claim("k-stale", { correlationId: undefined });
    nowMs += 10_000;
    expect((await claims.claim("k-stale", { correlationId: undefined })).kind).toBe("duplicate");
    nowMs += 25_000;
    const takeovers = await Promise.all(
      [1, 2, 3].map(() => claims.claim("k-stale", { correlationId: undefined })),
    );
    expect(takeovers.filter((r) => r.kind === "claimed")).toHaveLength(1);
  });
});
