// A post hook of provision, deploy or up runs after its command changed Azure. If it fails and azd stops, the
// `up` workflow is left half-done (e.g. the last provision, which applies the worker's probes, never runs). So
// each such hook must set `continueOnError: true` in every variant azd may execute (an OS variant replaces the
// whole hook), and its script must tell the user how to finish the step: `azd hooks run <event>`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";
import { hookPlaces, runsOf, SCRIPT_PATH } from "./hook-script.js";

const AFTER_CHANGES = new Set(["postprovision", "postdeploy", "postup"]);

export function checkHookSettings(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  const findings: Finding[] = [];
  for (const place of hookPlaces(project)) {
    for (const [event, hook] of Object.entries(place.hooks)) {
      if (!AFTER_CHANGES.has(event)) continue;
      for (const { run, path, config } of runsOf(hook, [...place.path, event])) {
        const variant = path.includes("posix") ? " (posix)" : path.includes("windows") ? " (windows)" : "";
        if (config.continueOnError !== true) {
          findings.push({
            file: azureYaml.path,
            line: yamlLine(azureYaml, path.slice(0, -1)),
            rule: "hook-settings",
            message: `hook '${event}'${variant} has no continueOnError: true; if it fails, azd stops with the workflow half-done`,
          });
        }
        for (const match of run.matchAll(SCRIPT_PATH)) {
          const script = join(place.baseDir, match[1] ?? "");
          if (!existsSync(script)) continue; // hook-script reports it
          if (readFileSync(script, "utf8").includes(`azd hooks run ${event}`)) continue;
          findings.push({
            file: azureYaml.path,
            line: yamlLine(azureYaml, path),
            rule: "hook-settings",
            message: `hook '${event}'${variant} runs '${match[1]}', which never tells how to finish the step ('azd hooks run ${event}')`,
          });
        }
      }
    }
  }
  return findings;
}
