// Compares a payload with a captured or documented one by shape: the same keys (same casing) at every
// level and the same JSON types where the fixture holds a real value (a null where it has one is a
// difference). A fixture's null or doc placeholder ("<item_id>") says nothing of the type, so only its
// key is compared; every element of an array is compared with the fixture's first. Paths read
// `$.a.b[0]`. Used by the ACS and Voice Live emulators' fidelity tests alike.

export interface ShapeMismatch {
  path: string;
  problem: "missing" | "unexpected" | `expected ${string}`;
}

const PLACEHOLDER = /^<.*>$/;

/**
 * Where `actual` differs from `expected`. `allowedExtraPaths` are key paths `actual` may have beyond the
 * fixture's, generic over array indexes and without the `$.` (`response.output[].id`).
 */
export function shapeMismatches(
  actual: unknown,
  expected: unknown,
  allowedExtraPaths: ReadonlySet<string> = new Set(),
  path = "$",
): ShapeMismatch[] {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path, problem: `expected an object, got ${kind(actual)}` }];
    const out: ShapeMismatch[] = [];
    for (const key of Object.keys(expected)) {
      const child = `${path}.${key}`;
      if (!(key in actual)) out.push({ path: child, problem: "missing" });
      else out.push(...shapeMismatches(actual[key], expected[key], allowedExtraPaths, child));
    }
    for (const key of Object.keys(actual)) {
      const child = `${path}.${key}`;
      if (!(key in expected) && !allowedExtraPaths.has(genericPath(child)))
        out.push({ path: child, problem: "unexpected" });
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, problem: `expected an array, got ${kind(actual)}` }];
    const template = expected[0];
    if (template === undefined) return [];
    return actual.flatMap((element, i) =>
      shapeMismatches(element, template, allowedExtraPaths, `${path}[${i}]`),
    );
  }
  if (expected === null || (typeof expected === "string" && PLACEHOLDER.test(expected))) return [];
  if (typeof expected !== typeof actual)
    return [{ path, problem: `expected ${typeof expected}, got ${kind(actual)}` }];
  return [];
}

/** The mismatches as lines (`$.a.b: missing`), so a failing test says where. */
export function keyShapeDifferences(actual: unknown, expected: unknown): string[] {
  return shapeMismatches(actual, expected).map((m) => `${m.path}: ${m.problem}`);
}

/**
 * Compares with several documented variants of one event type: the event must match one of them
 * completely; keys that only another variant has are not "unexpected".
 */
export function compareWithVariants(
  variants: readonly unknown[],
  actual: unknown,
  allowedExtraPaths: ReadonlySet<string>,
): ShapeMismatch[] {
  let best: ShapeMismatch[] | undefined;
  for (const [i, variant] of variants.entries()) {
    const others = new Set(allowedExtraPaths);
    for (const [j, other] of variants.entries()) if (j !== i) for (const p of keyPaths(other)) others.add(p);
    const mismatches = shapeMismatches(actual, variant, others);
    if (mismatches.length === 0) return [];
    if (!best || mismatches.length < best.length) best = mismatches;
  }
  return best ?? [{ path: "$", problem: "expected a variant to compare with" }];
}

/** "$.response.output[3].content[0].text" -> "response.output[].content[].text" */
function genericPath(path: string): string {
  return path.replace(/^\$\.?/, "").replace(/\[\d+\]/g, "[]");
}

/** Every key path in a payload, generic over array indexes ("a.b[].c"). */
function keyPaths(value: unknown, path = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const element of value) keyPaths(element, `${path}[]`, out);
  } else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      out.add(childPath);
      keyPaths(child, childPath, out);
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}
