/** One problem the infra lint found, always tied to a file and a 1-based line. */
export interface Finding {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  rule: RuleId;
  message: string;
}

export type RuleId =
  | "azure-yaml-schema"
  | "service-host"
  | "hook-script"
  | "bicep-syntax"
  | "parameters"
  | "module-params"
  | "file-references"
  | "service-tags"
  | "service-settings"
  | "role-definition"
  | "role-principal-type"
  | "module-pinning"
  | "output-secrets"
  | "incoming-call-filter"
  | "remote-build"
  | "azd-version"
  | "location-allowed"
  | "hook-settings"
  | "container-probes"
  | "image-lookup"
  | "identity-split"
  | "host-storage-roles"
  | "data-tables"
  | "monitor-auth-paths"
  | "voice-live-pool";

export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}: ${finding.rule}: ${finding.message}`;
}

export function byLocation(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}
