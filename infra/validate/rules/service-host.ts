// azd's schema takes any string as `host`, so a typo ("containerap") only fails at deploy time.

import type { Finding } from "../findings.js";
import { KNOWN_HOSTS } from "../known-roles.js";
import { type Project, yamlLine } from "../project.js";
import { servicesOf } from "./services.js";

export function checkServiceHosts(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  return servicesOf(project)
    .filter((service) => service.host === undefined || !KNOWN_HOSTS.has(service.host))
    .map((service) => ({
      file: azureYaml.path,
      line: yamlLine(azureYaml, ["services", service.name, "host"]),
      rule: "service-host" as const,
      message: `service '${service.name}' has host '${service.host ?? "(none)"}'; expected one of ${[...KNOWN_HOSTS.keys()].join(", ")}`,
    }));
}
