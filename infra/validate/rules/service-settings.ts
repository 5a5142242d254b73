// The settings each service refuses to start without (as the service declares them: functions/src/settings/
// settings-schema.ts, media-worker/src/settings-schema.ts) must be set for that service in the Bicep: as
// an app-setting key (`NAME: value`) or a container env entry (`name: 'NAME'`), in the file of the
// resource tagged for the service or in the module calls that pass values into that file. A missing one
// deploys fine and then fails at the first call.
import { dirname, join, normalize } from "node:path/posix";
import { type SettingSpec, settingRequirements } from "@acs-voice/shared";
import { FUNCTIONS_SETTINGS } from "../../../functions/src/settings/settings-schema.js";
import { WORKER_SETTINGS } from "../../../media-worker/src/settings-schema.js";
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";
import { collectServiceTags } from "./service-tags.js";
import { servicesOf } from "./services.js";

/**
 * Per azd host: what a deployment must set for the service it runs (alternatives separated by `|`), taken
 * from the service's own declaration of its settings: those it does not start without, and those it
 * needs in Azure (its user-assigned identity, telemetry).
 */
export const REQUIRED_SETTINGS: ReadonlyMap<string, readonly string[]> = new Map([
  ["function", requiredInAzure(FUNCTIONS_SETTINGS)],
  ["containerapp", requiredInAzure(WORKER_SETTINGS)],
]);

function requiredInAzure(specs: readonly SettingSpec[]): string[] {
  return settingRequirements(specs, { inAzure: true }).map((alternatives) => alternatives.join("|"));
}

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
