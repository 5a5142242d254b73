import { describe, expect, it } from "vitest";
import { parseTextFilter } from "../../src/appconfig/filters.js";

function keys(
  filter: string | null,
  values: (string | null)[],
  kind: "key" | "label" = "key",
): (string | null)[] {
  const parsed = parseTextFilter(filter, kind);
  if (!parsed.ok) throw new Error(parsed.reason);
  return values.filter(parsed.filter);
}

describe("App Configuration key and label filters", () => {
  const all = ["app:a", "app:b", "apple", "other", "a,b", "star*"];

  it("matches everything when omitted or *, a prefix with a trailing *, and alternatives with commas", () => {
    expect(keys(null, all)).toEqual(all);
    expect(keys("*", all)).toEqual(all);
    expect(keys("app:*", all)).toEqual(["app:a", "app:b"]);
    expect(keys("app:a,other", all)).toEqual(["app:a", "other"]);
    expect(keys("app", all)).toEqual([]);
  });

  it("treats escaped commas and stars literally", () => {
    expect(keys("a\\,b", all)).toEqual(["a,b"]);
    expect(keys("star\\*", all)).toEqual(["star*"]);
  });

  it("selects settings without a label with \\0, and labelled ones by name or prefix", () => {
    const labels = [null, "prod", "production", "dev"];
    expect(keys("\0", labels, "label")).toEqual([null]);
    expect(keys("prod", labels, "label")).toEqual(["prod"]);
    expect(keys("prod*", labels, "label")).toEqual(["prod", "production"]);
    expect(keys("\0,dev", labels, "label")).toEqual([null, "dev"]);
  });

  it("rejects a * that is not last and more than five alternatives", () => {
    expect(parseTextFilter("a*b", "key").ok).toBe(false);
    expect(parseTextFilter("a,b,c,d,e,f", "key").ok).toBe(false);
  });
});
