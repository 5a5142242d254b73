// The deploy promises that no Docker is needed: every image is built in the registry (ACR Tasks). azd builds
// remotely only when `docker.remoteBuild` is true AND the platform is exactly `linux/amd64`, its default
// (Azure/azure-dev cli/azd/pkg/project/container_helper.go, runRemoteBuild: "remote build only supports the
// linux/amd64 platform"). Anything else, even `amd64` (which azd's own schema shows as the default), fails
// the remote build; azd >= 1.23.9 then falls back to a local `docker build`, which fails without Docker.
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";
import { servicesOf } from "./services.js";

/** Hosts whose deploy builds a container image from the service's project. */
const IMAGE_HOSTS = new Set(["containerapp", "aks"]);
const REMOTE_PLATFORM = "linux/amd64";

export function checkRemoteBuild(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  const findings: Finding[] = [];
  for (const service of servicesOf(project)) {
    if (!IMAGE_HOSTS.has(service.host ?? "") || service.project === undefined) continue;
    const { remoteBuild, platform } = service.docker;
    if (remoteBuild !== true) {
      findings.push({
        file: azureYaml.path,
        line: yamlLine(azureYaml, ["services", service.name, "docker", "remoteBuild"]),
        rule: "remote-build",
        message: `service '${service.name}' has no docker.remoteBuild: true, so azd builds its image with local Docker, which the deploy must not need`,
      });
    } else if (platform !== undefined && platform !== REMOTE_PLATFORM) {
      findings.push({
        file: azureYaml.path,
        line: yamlLine(azureYaml, ["services", service.name, "docker", "platform"]),
        rule: "remote-build",
        message: `service '${service.name}' sets docker.platform '${String(platform)}': azd builds in the registry only for exactly '${REMOTE_PLATFORM}' (its default), so remove it`,
      });
    }
  }
  return findings;
}
