// main.bicep's `location` must be limited (`@allowed`) to regions that offer every regional service the
// template deploys. Without the list a region lacking Flex Consumption fails at provision, and one lacking
// Voice Live with gpt-realtime (or HD voices) deploys fine and then fails every call. The facts per region
// and their sources are infra/hooks/regions.ts.

import { missingServices, SERVICE_SOURCES } from "../../hooks/regions.js";
import type { BicepParam } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

function isLocation(param: BicepParam): boolean {
  return param.azdType === "location" || param.name === "location";
}

export function checkLocationAllowed(project: Project): Finding[] {
  const main = project.mainBicep;
  if (!main) return [];
  const findings: Finding[] = [];
  for (const param of main.params.filter(isLocation)) {
    if (!param.allowed) {
      findings.push({
        file: main.path,
        line: param.line,
        rule: "location-allowed",
        message: `parameter '${param.name}' has no @allowed list of regions that offer every service (infra/hooks/regions.ts)`,
      });
      continue;
    }
    for (const region of param.allowed) {
      const missing = missingServices(region);
      if (missing.length === 0) continue;
      findings.push({
        file: main.path,
        line: param.line,
        rule: "location-allowed",
        message:
          missing.length === Object.keys(SERVICE_SOURCES).length
            ? `parameter '${param.name}' allows '${region}', which infra/hooks/regions.ts does not list`
            : `parameter '${param.name}' allows '${region}', which lacks ${missing.map((s) => SERVICE_SOURCES[s].name).join(", ")}`,
      });
    }
  }
  return findings;
}
