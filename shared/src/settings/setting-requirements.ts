import type { SettingSpec } from "./setting-spec.js";

/**
 * What must be set for the services of `specs` to start, each entry a list of alternatives (one of them
 * is enough): the required settings in their order, then each group of alternatives in the order of its
 * first member. `inAzure` adds what a deployment to Azure needs besides.
 */
export function settingRequirements(
  specs: readonly SettingSpec[],
  options: { inAzure?: boolean } = {},
): string[][] {
  const single: string[][] = [];
  const groups = new Map<string, string[]>();
  for (const spec of specs) {
    if (spec.required === true || (options.inAzure === true && spec.requiredInAzure === true)) {
      single.push([spec.name]);
    } else if (typeof spec.required === "string") {
      groups.set(spec.required, [...(groups.get(spec.required) ?? []), spec.name]);
    }
  }
  return [...single, ...groups.values()];
}
