// Compares JSON values by shape: the same keys (same casing) at every level, arrays compared through
// their first element. Returns the differing key paths, so a failing test says where.

export function keyShapeDifferences(actual: unknown, expected: unknown, path = "$"): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (expected.length === 0 || actual.length === 0) return [];
    return keyShapeDifferences(actual[0], expected[0], `${path}[0]`);
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path}: expected an object`];
    const differences: string[] = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) differences.push(`${path}.${key}: missing`);
      else differences.push(...keyShapeDifferences(actual[key], expected[key], `${path}.${key}`));
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) differences.push(`${path}.${key}: unexpected`);
    }
    return differences;
  }
  if (expected === null) return [];
  if (typeof actual !== typeof expected)
    return [`${path}: expected ${typeof expected}, got ${typeof actual}`];
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
