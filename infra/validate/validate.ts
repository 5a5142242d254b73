// Runs every offline infra rule over a checkout and returns the findings, sorted by file and line.
import { loadBicepParser } from "./bicep-parser.js";
import { byLocation, type Finding } from "./findings.js";
import { loadProject, type Project } from "./project.js";
import { checkAzdVersion } from "./rules/azd-version.js";
import { checkAzureYamlSchema } from "./rules/azure-yaml-schema.js";
import { checkBicepSyntax } from "./rules/bicep-syntax.js";
import { checkContainerProbes } from "./rules/container-probes.js";
import { checkDataTables } from "./rules/data-tables.js";
import { checkFileReferences } from "./rules/file-references.js";
import { checkHookScripts } from "./rules/hook-script.js";
import { checkHookSettings } from "./rules/hook-settings.js";
import { checkHostStorageRoles } from "./rules/host-storage-roles.js";
import { checkIdentitySplit } from "./rules/identity-split.js";
import { checkImageLookup } from "./rules/image-lookup.js";
import { checkIncomingCallFilter } from "./rules/incoming-call-filter.js";
import { checkLocationAllowed } from "./rules/location.js";
import { checkModuleParams } from "./rules/module-params.js";
import { checkModulePinning } from "./rules/module-pinning.js";
import { checkMonitorAuthPaths } from "./rules/monitor-auth-paths.js";
import { checkOutputSecrets } from "./rules/output-secrets.js";
import { checkParameters } from "./rules/parameters.js";
import { checkRemoteBuild } from "./rules/remote-build.js";
import { checkPrincipalTypes, checkRoleDefinitions } from "./rules/role-assignments.js";
import { checkServiceHosts } from "./rules/service-host.js";
import { checkServiceSettings } from "./rules/service-settings.js";
import { checkServiceTags } from "./rules/service-tags.js";
import { checkVoiceLivePool } from "./rules/voice-live-pool.js";

export const RULES: ReadonlyArray<(project: Project) => Finding[]> = [
  checkAzureYamlSchema,
  checkServiceHosts,
  checkHookScripts,
  checkBicepSyntax,
  checkParameters,
  checkModuleParams,
  checkFileReferences,
  checkServiceTags,
  checkServiceSettings,
  checkRoleDefinitions,
  checkPrincipalTypes,
  checkModulePinning,
  checkOutputSecrets,
  checkIncomingCallFilter,
  checkRemoteBuild,
  checkAzdVersion,
  checkLocationAllowed,
  checkHookSettings,
  checkContainerProbes,
  checkImageLookup,
  checkIdentitySplit,
  checkHostStorageRoles,
  checkDataTables,
  checkMonitorAuthPaths,
  checkVoiceLivePool,
];

export interface ValidationResult {
  findings: Finding[];
  /** Repository-relative paths of the Bicep files that were parsed. */
  bicepFiles: string[];
}

export async function validateInfra(rootDir: string): Promise<ValidationResult> {
  const project = loadProject(rootDir, await loadBicepParser());
  const findings = RULES.flatMap((rule) => rule(project)).sort(byLocation);
  return { findings, bicepFiles: project.bicepFiles.map((file) => file.path) };
}
