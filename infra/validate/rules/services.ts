// The services of azure.yaml as plain values, for the rules that cross-check them with the Bicep.
import type { Project } from "../project.js";

export interface ServiceEntry {
  name: string;
  host: string | undefined;
  project: string | undefined;
  hooks: Record<string, unknown>;
  /** The `docker` section ({} when absent). */
  docker: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function servicesOf(project: Project): ServiceEntry[] {
  const root = project.azureYaml?.value;
  if (!isRecord(root) || !isRecord(root.services)) return [];
  return Object.entries(root.services).map(([name, service]) => {
    const entry = isRecord(service) ? service : {};
    return {
      name,
      host: typeof entry.host === "string" ? entry.host : undefined,
      project: typeof entry.project === "string" ? entry.project : undefined,
      hooks: isRecord(entry.hooks) ? entry.hooks : {},
      docker: isRecord(entry.docker) ? entry.docker : {},
    };
  });
}

export function projectHooksOf(project: Project): Record<string, unknown> {
  const root = project.azureYaml?.value;
  return isRecord(root) && isRecord(root.hooks) ? root.hooks : {};
}

export { isRecord };
