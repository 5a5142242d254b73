// Every script a hook runs must exist: a missing one fails `azd up` only after provisioning has run.
// Project hooks run from the project root, service hooks from the service's folder.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";
import { isRecord, projectHooksOf, servicesOf } from "./services.js";

export const SCRIPT_PATH = /(?:^|\s)((?:\.{1,2}\/)?[\w./-]+\.(?:ts|mts|js|mjs|sh|ps1|py))(?=\s|$)/g;

export interface HookRun {
  run: string;
  /** YAML path of the `run` value. */
  path: (string | number)[];
  /** The hook configuration azd executes for this run (an OS variant replaces the whole hook). */
  config: Record<string, unknown>;
}

export function runsOf(hook: unknown, path: (string | number)[]): HookRun[] {
  if (Array.isArray(hook)) return hook.flatMap((item, index) => runsOf(item, [...path, index]));
  if (!isRecord(hook)) return [];
  const runs: HookRun[] =
    typeof hook.run === "string" ? [{ run: hook.run, path: [...path, "run"], config: hook }] : [];
  for (const variant of ["windows", "posix"]) {
    if (hook[variant] !== undefined) runs.push(...runsOf(hook[variant], [...path, variant]));
  }
  return runs;
}

export interface HookPlace {
  /** Where azd runs these hooks: the project root, or the service's folder. */
  baseDir: string;
  hooks: Record<string, unknown>;
  path: (string | number)[];
}

/** The project's hooks and each service's hooks, with the folder each runs in. */
export function hookPlaces(project: Project): HookPlace[] {
  return [
    { baseDir: project.rootDir, hooks: projectHooksOf(project), path: ["hooks"] },
    ...servicesOf(project).map((service) => ({
      baseDir: join(project.rootDir, service.project ?? "."),
      hooks: service.hooks,
      path: ["services", service.name, "hooks"],
    })),
  ];
}

export function checkHookScripts(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  const findings: Finding[] = [];
  for (const place of hookPlaces(project)) {
    for (const [event, hook] of Object.entries(place.hooks)) {
      for (const { run, path } of runsOf(hook, [...place.path, event])) {
        for (const match of run.matchAll(SCRIPT_PATH)) {
          const script = match[1] ?? "";
          if (existsSync(join(place.baseDir, script))) continue;
          findings.push({
            file: azureYaml.path,
            line: yamlLine(azureYaml, path),
            rule: "hook-script",
            message: `hook '${event}' runs '${script}', which does not exist (relative to ${place.path[0] === "hooks" ? "the project root" : "the service folder"})`,
          });
        }
      }
    }
  }
  return findings;
}
