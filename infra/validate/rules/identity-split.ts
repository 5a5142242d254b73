// The functions app and the media worker must not run as the same identity: the worker faces the internet
// (every call's media socket) and needs Voice Live and the registry, the functions app needs the host's
// storage, including its deployment package. One shared identity would give each the other's roles, so a
// compromised worker could replace the code the functions app runs.
import type { Finding } from "../findings.js";
import { describeOrigin, intersects } from "../origins.js";
import type { Project } from "../project.js";
import { appFacts } from "./app-resources.js";

export function checkIdentitySplit(project: Project): Finding[] {
  const facts = appFacts(project);
  const findings: Finding[] = [];
  for (const worker of facts.apps.filter((app) => app.host === "containerapp")) {
    for (const functions of facts.apps.filter((app) => app.host === "function")) {
      const shared = intersects(
        facts.identities.get(worker) ?? new Set(),
        facts.identities.get(functions) ?? new Set(),
      );
      if (shared === undefined) continue;
      findings.push({
        file: worker.file.path,
        line: worker.line,
        rule: "identity-split",
        message: `service '${worker.service}' runs as the same identity as service '${functions.service}' (${describeOrigin(shared)}); give each app its own user-assigned identity with only the roles it uses`,
      });
    }
  }
  return findings;
}
