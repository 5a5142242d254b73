// Container Apps health probes: each needs its own timeout (the platform default is 1 s, less than a GC pause
// under load), and a readiness or liveness probe must tolerate more than one failed check: a readiness failure
// takes the replica out of rotation (with one replica, no new calls at all) and a liveness failure restarts it
// (ending every call on it). The failureThreshold default (3) is fine; an explicit 1 is not.
import { lineOf, propertyValue, stringLiteral } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const PROBE_TYPES = new Set(["Startup", "Liveness", "Readiness"]);

export function checkContainerProbes(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const object of file.tree.rootNode.descendantsOfType("object")) {
      if (!object) continue;
      const type = stringLiteral(propertyValue(object, "type"));
      if (!type || !PROBE_TYPES.has(type)) continue;
      if (!propertyValue(object, "httpGet") && !propertyValue(object, "tcpSocket")) continue;
      if (!propertyValue(object, "timeoutSeconds")) {
        findings.push({
          file: file.path,
          line: lineOf(object),
          rule: "container-probes",
          message: `${type} probe has no timeoutSeconds (the platform default is 1 s)`,
        });
      }
      const threshold = propertyValue(object, "failureThreshold");
      if (type !== "Startup" && threshold?.type === "number" && Number(threshold.text) < 2) {
        findings.push({
          file: file.path,
          line: lineOf(threshold),
          rule: "container-probes",
          message: `${type} probe has failureThreshold ${threshold.text}: one slow check ${type === "Readiness" ? "takes the replica out of rotation" : "restarts the replica"}`,
        });
      }
    }
  }
  return findings;
}
