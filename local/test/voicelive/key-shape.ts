// Structural comparison of an emitted event with a captured/documented payload: same keys,
// recursively, same casing, same JSON types where the fixture holds a real value (doc placeholders
// such as "<item_id>" and nulls are compared by key only). Objects whose `type` differs from the
// fixture's are another variant of a discriminated union and are not compared.

export interface ShapeMismatch {
  path: string;
  problem: string;
}

const PLACEHOLDER = /^<.*>$/;

export function compareShape(
  fixture: unknown,
  actual: unknown,
  allowedExtraPaths: ReadonlySet<string>,
  path = "",
): ShapeMismatch[] {
  if (isPlainObject(fixture)) {
    if (!isPlainObject(actual)) return [{ path, problem: `expected an object, got ${kind(actual)}` }];
    if (
      typeof fixture.type === "string" &&
      typeof actual.type === "string" &&
      fixture.type !== actual.type &&
      path !== ""
    ) {
      return [];
    }
    const out: ShapeMismatch[] = [];
    for (const key of Object.keys(fixture)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in actual)) out.push({ path: child, problem: "missing" });
      else out.push(...compareShape(fixture[key], actual[key], allowedExtraPaths, child));
    }
    for (const key of Object.keys(actual)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in fixture) && !allowedExtraPaths.has(genericPath(child)))
        out.push({ path: child, problem: "extra key" });
    }
    return out;
  }
  if (Array.isArray(fixture)) {
    if (!Array.isArray(actual)) return [{ path, problem: `expected an array, got ${kind(actual)}` }];
    const template = fixture[0];
    if (template === undefined) return [];
    return actual.flatMap((element, i) =>
      compareShape(template, element, allowedExtraPaths, `${path}[${i}]`),
    );
  }
  if (fixture === null || (typeof fixture === "string" && PLACEHOLDER.test(fixture))) return [];
  if (actual === null) return [];
  if (typeof fixture !== typeof actual)
    return [{ path, problem: `expected ${typeof fixture}, got ${kind(actual)}` }];
  return [];
}

/** "response.output[3].content[0].text" -> "response.output[].content[].text" */
export function genericPath(path: string): string {
  return path.replace(/\[\d+\]/g, "[]");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** Every key path in a payload, generic over array indexes ("a.b[].c"). */
export function keyPaths(value: unknown, path = "", out = new Set<string>()): Set<string> {
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

/**
 * Compares against several documented variants of one event type: the event must match one of them
 * completely; keys that only another variant has are not "extra".
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
    const mismatches = compareShape(variant, actual, others);
    if (mismatches.length === 0) return [];
    if (!best || mismatches.length < best.length) best = mismatches;
  }
  return best ?? [{ path: "", problem: "no variant to compare with" }];
}
