import { describe, expect, it } from "vitest";
import { type FilterTarget, parseConnectionFilter } from "../../src/webpubsub/odata-filter.js";

const alice: FilterTarget = { connectionId: "c1", userId: "alice", groups: new Set(["call-1", "monitor"]) };
const bob: FilterTarget = { connectionId: "c2", userId: "bob", groups: new Set(["call-2"]) };
const anonymous: FilterTarget = { connectionId: "c3", userId: undefined, groups: new Set() };

function select(text: string): string[] {
  const parsed = parseConnectionFilter(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return [alice, bob, anonymous].filter(parsed.filter).map((t) => t.connectionId);
}

describe("OData connection filter", () => {
  it("matches user ids, connection ids, null users and group membership", () => {
    expect(select("userId eq 'alice'")).toEqual(["c1"]);
    expect(select("userId ne 'alice'")).toEqual(["c2", "c3"]);
    expect(select("userId eq null")).toEqual(["c3"]);
    expect(select("connectionId eq 'c2'")).toEqual(["c2"]);
    expect(select("'monitor' in groups")).toEqual(["c1"]);
  });

  it("combines with not, and, or and parentheses with OData precedence", () => {
    expect(select("not ('call-1' in groups)")).toEqual(["c2", "c3"]);
    expect(select("userId eq 'bob' or userId eq 'alice' and 'monitor' in groups")).toEqual(["c1", "c2"]);
    expect(select("(userId eq 'bob' or userId eq 'alice') and 'monitor' in groups")).toEqual(["c1"]);
  });

  it("unescapes doubled quotes in literals", () => {
    const parsed = parseConnectionFilter("userId eq 'o''brien'");
    expect(parsed.ok && parsed.filter({ connectionId: "x", userId: "o'brien", groups: new Set() })).toBe(
      true,
    );
  });

  it("rejects what it does not support, as a value", () => {
    for (const text of [
      "length(userId) gt 3",
      "userId eq",
      "userId eq 'a' extra",
      "(userId eq 'a'",
      "'a",
      "foo eq 'x'",
    ]) {
      expect(parseConnectionFilter(text).ok, text).toBe(false);
    }
  });
});
