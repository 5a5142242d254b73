// azure.yaml must pin the azd versions it works with (`requiredVersions.azd`), with a lower bound no older than
// the azd whose behaviour the template relies on: otherwise an old azd loads the project and fails halfway
// through `azd up`. MIN_AZD is that floor; raise it together with azure.yaml when the template starts to rely on
// something newer.
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";
import { isRecord } from "./services.js";

/** 1.23.9 falls back to a local Docker build when the registry build fails (Azure/azure-dev#7041). */
export const MIN_AZD = "1.23.9";

type Version = [number, number, number];

function parse(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The lowest version a semver range admits: from `>=`, `>`, `~`, `^` or `=` bounds (highest of them). */
export function lowerBound(range: string): Version | undefined {
  let bound: Version | undefined;
  for (const match of range.matchAll(/(>=|>|~|\^|=)?\s*(v?\d+\.\d+\.\d+)/g)) {
    const operator = match[1] ?? "=";
    if (operator === "<" || operator === "<=") continue;
    const version = parse(match[2] ?? "");
    if (version && (!bound || compare(version, bound) > 0)) bound = version;
  }
  // A range with only upper bounds (`< 2.0.0`) admits every old version.
  return /(^|\s)<=?\s*v?\d/.test(range) && !/(>=|>|~|\^|=)\s*v?\d/.test(range) ? undefined : bound;
}

export function checkAzdVersion(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  const root = isRecord(azureYaml.value) ? azureYaml.value : {};
  const required = isRecord(root.requiredVersions) ? root.requiredVersions.azd : undefined;
  const line = yamlLine(azureYaml, ["requiredVersions", "azd"]);
  if (typeof required !== "string" || required.trim() === "") {
    return [
      {
        file: azureYaml.path,
        line,
        rule: "azd-version",
        message: `azure.yaml does not pin requiredVersions.azd; the template needs azd >= ${MIN_AZD}`,
      },
    ];
  }
  const bound = lowerBound(required);
  const floor = parse(MIN_AZD) as Version;
  if (!bound || compare(bound, floor) < 0) {
    return [
      {
        file: azureYaml.path,
        line,
        rule: "azd-version",
        message: `requiredVersions.azd '${required}' admits azd older than ${MIN_AZD}, which the template relies on`,
      },
    ];
  }
  return [];
}
