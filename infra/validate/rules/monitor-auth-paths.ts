// App Service authentication in front of the functions app must protect the monitor and let the platform
// through: an `authsettingsV2` that requires sign-in may exclude no path of the monitor page, its negotiate
// route or the supervisor actions, and must exclude the paths Event Grid and ACS call (they cannot sign in;
// a sign-in redirect would leave calls unanswered). Excluded paths match exactly, or everything below a
// trailing `/*` (MicrosoftDocs/azure-docs#86514). Exclusions are compared without case for the monitor (in
// case the platform ignores case) and with case for the platform's paths (in case it does not).
import { lineOf, propertyPath, propertyValue, stringLiteral } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const SITE_CONFIG = "microsoft.web/sites/config@";

/** Sample requests of the monitor routes (functions/src/monitor): they must require a signed-in user. */
const MONITOR_PATHS = ["/api/monitor", "/api/monitor/negotiate", "/api/calls/call-1/actions"];

/** Sample requests of the platform: Event Grid's IncomingCall, ACS callbacks (with the call's ticket), the apology tone ACS plays. */
const PLATFORM_PATHS = ["/api/incomingCall", "/api/callbacks/ticket-1", "/api/apology.wav"];

function covers(excluded: string, path: string, ignoreCase: boolean): boolean {
  const [pattern, target] = ignoreCase ? [excluded.toLowerCase(), path.toLowerCase()] : [excluded, path];
  if (pattern.endsWith("/*"))
    return target.startsWith(pattern.slice(0, -1)) || target === pattern.slice(0, -2);
  return pattern === target;
}

export function checkMonitorAuthPaths(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const resource of file.resources) {
      if (resource.existing || !resource.type.toLowerCase().startsWith(SITE_CONFIG)) continue;
      const name = propertyValue(resource.body, "name");
      if (!name?.text.replace(/'$/, "").endsWith("authsettingsV2")) continue;
      const validation = propertyPath(resource.body, ["properties", "globalValidation"]);
      if (propertyValue(validation, "requireAuthentication")?.text !== "true") continue;
      const list = propertyValue(validation, "excludedPaths");
      const entries =
        (list?.type === "identifier" ? variableValue(file, list.text) : list)?.namedChildren ?? [];
      const excluded = entries.flatMap((entry) => {
        const value = stringLiteral(entry ?? undefined);
        return value === undefined || !entry ? [] : [{ value, line: lineOf(entry) }];
      });
      for (const path of MONITOR_PATHS) {
        const opening = excluded.find((entry) => covers(entry.value, path, true));
        if (opening === undefined) continue;
        findings.push({
          file: file.path,
          line: opening.line,
          rule: "monitor-auth-paths",
          message: `excluded path '${opening.value}' lets ${path} through without sign-in; the monitor and the supervisor actions must require it`,
        });
      }
      for (const path of PLATFORM_PATHS) {
        if (excluded.some((entry) => covers(entry.value, path, false))) continue;
        findings.push({
          file: file.path,
          line: resource.line,
          rule: "monitor-auth-paths",
          message: `sign-in is required for ${path}, which Event Grid or ACS calls and cannot sign in; add it to globalValidation.excludedPaths`,
        });
      }
    }
  }
  return findings;
}

function variableValue(file: Project["bicepFiles"][number], name: string) {
  return file.variables.find((variable) => variable.name === name)?.value;
}
