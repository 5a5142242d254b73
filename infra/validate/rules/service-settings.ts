// The settings each service refuses to start without (functions/src/settings, media-worker/src/config)
// must be set for that service in the Bicep: as an app-setting key (`NAME: value`) or a container env entry
// (`name: 'NAME'`), in the file of the resource tagged for the service or in the module calls that pass
// values into that file. A missing one deploys fine and then fails at the first call.
import { dirname, join, normalize } from "node:path/posix";
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";
import { collectServiceTags } from "./service-tags.js";
import { servicesOf } from "./services.js";

/** Per azd host: settings whose absence stops the service (alternatives separated by `|`). */
export const REQUIRED_SETTINGS: ReadonlyMap<string, readonly string[]> = new Map([
  [
    "function",
    [
      "MEDIA_WORKER_URL",
      "CALLBACK_BASE_URL",
      "ACS_AUDIENCE",
      "ACS_ENDPOINT|ACS_CONNECTION_STRING",
      "AzureWebJobsStorage__accountName|AzureWebJobsStorage",
      "AZURE_CLIENT_ID",
      "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ],
  ],
  [
    "containerapp",
    [
      "VOICE_LIVE_ENDPOINTS|VOICE_LIVE_ENDPOINT",
      "ACS_AUDIENCE",
      "ACS_ENDPOINT|ACS_CONNECTION_STRING",
      "AZURE_CLIENT_ID",
      "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ],
  ],
]);

function isSet(bicepText: string, name: string): boolean {
  const key = new RegExp(`(^|[\\s{,])'?${name}'?\\s*:`, "m");
  const envEntry = new RegExp(`name\\s*:\\s*'${name}'`);
  return key.test(bicepText) || envEntry.test(bicepText);
}

export function checkServiceSettings(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  const tags = collectServiceTags(project);
  const findings: Finding[] = [];
  for (const service of servicesOf(project)) {
    const bicepText = serviceBicepText(
      project,
      tags.filter((tag) => tag.service === service.name).map((tag) => tag.file),
    );
    if (bicepText === "") continue; // no tagged resource: service-tags reports that
    for (const setting of REQUIRED_SETTINGS.get(service.host ?? "") ?? []) {
      const alternatives = setting.split("|");
      if (alternatives.some((name) => isSet(bicepText, name))) continue;
      findings.push({
        file: azureYaml.path,
        line: yamlLine(azureYaml, ["services", service.name]),
        rule: "service-settings",
        message: `service '${service.name}' (host ${service.host}) needs ${alternatives.join(" or ")}, which the Bicep does not set for it`,
      });
    }
  }
  return findings;
}

/** The text of the files holding the service's tagged resource, plus every module call into those files. */
function serviceBicepText(project: Project, files: string[]): string {
  const texts: string[] = [];
  for (const path of new Set(files)) {
    const file = project.bicepFiles.find((candidate) => candidate.path === path);
    if (file) texts.push(file.tree.rootNode.text);
    for (const caller of project.bicepFiles) {
      for (const module of caller.modules) {
        if (module.body && normalize(join(dirname(caller.path), module.path)) === path)
          texts.push(module.body.text);
      }
    }
  }
  return texts.join("\n");
}
