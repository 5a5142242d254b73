// Each rule against a fixture project that breaks exactly that rule (test-fixtures/broken/<case> laid over
// test-fixtures/good), the good fixture and the real repository passing, and the CLI's output format.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { formatFinding } from "./findings.js";
import { validateInfra } from "./validate.js";

const fixtures = fileURLToPath(new URL("./test-fixtures/", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const temporary: string[] = [];

function brokenProject(caseName: string): string {
  const dir = mkdtempSync(join(tmpdir(), "infra-lint-"));
  temporary.push(dir);
  cpSync(join(fixtures, "good"), dir, { recursive: true });
  cpSync(join(fixtures, "broken", caseName), dir, { recursive: true });
  return dir;
}

async function lines(dir: string): Promise<string[]> {
  return (await validateInfra(dir)).findings.map(formatFinding);
}

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("lint:infra", () => {
  it("passes the repository's own azure.yaml, Bicep and hooks", async () => {
    const result = await validateInfra(repoRoot);
    expect(result.findings.map(formatFinding)).toEqual([]);
    expect(result.bicepFiles).toContain("infra/main.bicep");
    expect(result.bicepFiles.some((file) => file.includes("test-fixtures"))).toBe(false);
  });

  it("passes the good fixture", async () => {
    expect(await lines(join(fixtures, "good"))).toEqual([]);
  });

  // [case folder, a line the lint must print for it]
  const cases: Array<[string, string]> = [
    [
      "azure-yaml-unknown-property",
      "azure.yaml:18: azure-yaml-schema: /services/worker/docker must NOT have additional properties 'buildArg'",
    ],
    [
      "service-host-typo",
      "azure.yaml:16: service-host: service 'worker' has host 'containerap'; expected one of function, appservice, containerapp, staticwebapp, aks",
    ],
    [
      "hook-script-missing",
      "azure.yaml:23: hook-script: hook 'postdeploy' runs 'infra/hooks/post-deploy.ts', which does not exist (relative to the project root)",
    ],
    ["bicep-syntax-error", "infra/modules/app.bicep:53: bicep-syntax: unexpected syntax near ':'"],
    [
      "parameters-unknown",
      "infra/main.parameters.json:8: parameters: 'locaton' is not a parameter of infra/main.bicep",
    ],
    [
      "parameters-required-missing",
      "infra/main.bicep:10: parameters: required parameter 'dataLocation' has no default and no value in infra/main.parameters.json",
    ],
    [
      "module-params-missing",
      "infra/main.bicep:25: module-params: module 'app' does not pass required parameter 'serviceName' of infra/modules/app.bicep",
    ],
    [
      "module-params-unknown",
      "infra/main.bicep:31: module-params: module 'app' passes 'sku', which infra/modules/app.bicep does not declare",
    ],
    [
      "file-reference-missing",
      "infra/modules/app.bicep:5: file-references: loadTextContent('./setting.txt') refers to a file that does not exist",
    ],
    [
      "service-settings-missing",
      "azure.yaml:10: service-settings: service 'api' (host function) needs MEDIA_WORKER_URL, which the Bicep does not set for it",
    ],
    [
      "service-tag-unknown",
      "infra/modules/app.bicep:56: service-tags: tag 'azd-service-name': 'media' names no service of azure.yaml (api, worker)",
    ],
    [
      "service-tag-wrong-resource",
      "infra/modules/app.bicep:13: service-tags: service 'worker' (host containerapp) is tagged on Microsoft.Web/sites; expected Microsoft.App/containerApps or br/public:avm/res/app/container-app",
    ],
    [
      "role-unknown-id",
      "infra/modules/app.bicep:6: role-definition: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955c' is not a known built-in role id (see infra/validate/known-roles.ts)",
    ],
    [
      "role-mislabelled",
      "infra/modules/app.bicep:6: role-definition: variable 'cognitiveServicesUser' holds the id of 'Cognitive Services OpenAI User', not 'Cognitive Services User'",
    ],
    [
      "role-no-principal-type",
      "infra/modules/app.bicep:76: role-principal-type: role assignment 'blobOwner' has no properties.principalType",
    ],
    [
      "module-unpinned",
      "infra/main.bicep:16: module-pinning: module 'identity' (br/public:avm/res/managed-identity/user-assigned-identity) is not pinned to a version like ':1.2.3'",
    ],
    [
      "output-list-keys",
      "infra/modules/app.bicep:87: output-secrets: output 'publishing' may expose a secret: its value calls a list*() function (keys, connection strings, secrets)",
    ],
    [
      "output-secret-name",
      "infra/main.bicep:37: output-secrets: output 'STORAGE_CONNECTION_STRING' may expose a secret: its name says it holds a secret",
    ],
    [
      "output-secure-param",
      "infra/main.bicep:39: output-secrets: output 'ADMIN' may expose a secret: its value uses the @secure() parameter 'adminPassword'",
    ],
    [
      "incoming-call-filter-missing",
      "infra/hooks/postdeploy.ts:1: incoming-call-filter: no Event Grid subscription with includedEventTypes: ['Microsoft.Communication.IncomingCall'] in infra/hooks or the Bicep",
    ],
    // The first-`azd up` findings of issue 17: each fixture breaks that one rule and nothing else.
    [
      "remote-build-platform",
      "azure.yaml:19: remote-build: service 'worker' sets docker.platform 'amd64': azd builds in the registry only for exactly 'linux/amd64' (its default), so remove it",
    ],
    [
      "remote-build-local",
      "azure.yaml:18: remote-build: service 'worker' has no docker.remoteBuild: true, so azd builds its image with local Docker, which the deploy must not need",
    ],
    [
      "azd-version-missing",
      "azure.yaml:2: azd-version: azure.yaml does not pin requiredVersions.azd; the template needs azd >= 1.23.9",
    ],
    [
      "azd-version-too-old",
      "azure.yaml:4: azd-version: requiredVersions.azd '>= 1.14.0' admits azd older than 1.23.9, which the template relies on",
    ],
    [
      "location-no-allowed",
      "infra/main.bicep:4: location-allowed: parameter 'location' has no @allowed list of regions that offer every service (infra/hooks/regions.ts)",
    ],
    [
      "location-unsupported",
      "infra/main.bicep:9: location-allowed: parameter 'location' allows 'westeurope', which lacks Voice Live with gpt-realtime",
    ],
    [
      "hook-no-continue-on-error",
      "azure.yaml:22: hook-settings: hook 'postdeploy' has no continueOnError: true; if it fails, azd stops with the workflow half-done",
    ],
    [
      "hook-no-rerun-command",
      "azure.yaml:23: hook-settings: hook 'postdeploy' runs 'infra/hooks/postdeploy.ts', which never tells how to finish the step ('azd hooks run postdeploy')",
    ],
    [
      "probe-single-failure",
      "infra/modules/app.bicep:79: container-probes: Readiness probe has failureThreshold 1: one slow check takes the replica out of rotation",
    ],
    [
      "image-self-lookup",
      "infra/modules/app.bicep:52: image-lookup: 'current' reads the container app 'worker' that this file deploys; read its image in a separate module (fetch-container-image.bicep)",
    ],
    // Least privilege (issue 15): each app its own identity, nothing of the worker's on the Functions host
    // storage, the app's tables in a data account, and the monitor behind sign-in with the platform let in.
    [
      "identity-shared",
      "infra/modules/app.bicep:63: identity-split: service 'worker' runs as the same identity as service 'api' ('appIdentity' (infra/modules/app.bicep)); give each app its own user-assigned identity with only the roles it uses",
    ],
    [
      "worker-role-on-host-storage",
      "infra/modules/app.bicep:112: host-storage-roles: role assignment 'workerBlobs' gives the media worker's identity 'workerIdentity' (infra/modules/app.bicep) a role on the Functions host storage 'hostStorage' (infra/modules/app.bicep), which holds the host's keys and deployment package; keep the worker's data in the data storage account",
    ],
    [
      "worker-role-unscoped",
      "infra/modules/app.bicep:99: host-storage-roles: role assignment 'workerEverywhere' for the media worker's identity 'workerIdentity' (infra/modules/app.bicep) has no scope, so it covers the whole resource group or subscription, the Functions host storage included; scope it to the one resource the worker uses",
    ],
    [
      "tables-in-host-storage",
      "infra/modules/app.bicep:50: data-tables: STORAGE_TABLE_ENDPOINT points at the Functions host storage 'hostStorage' (infra/modules/app.bicep); the app's tables belong in a data storage account of their own",
    ],
    [
      "tables-unset",
      "infra/modules/app.bicep:17: data-tables: service 'api' sets no STORAGE_TABLE_ENDPOINT, so its tables would live in AzureWebJobsStorage, the Functions host storage; point it at the data storage account",
    ],
    [
      "monitor-auth-opens-actions",
      "infra/modules/auth.bicep:16: monitor-auth-paths: excluded path '/api/calls/*' lets /api/calls/call-1/actions through without sign-in; the monitor and the supervisor actions must require it",
    ],
    // Beyond one Voice Live resource (issue 20): the worker's pool names every account the template deploys.
    [
      "voice-live-pool-one-endpoint",
      "infra/modules/app.bicep:100: voice-live-pool: 'accounts' deploys a Voice Live account per item of range(0, 2), but service 'worker' is given one endpoint (VOICE_LIVE_ENDPOINT); list them all in VOICE_LIVE_ENDPOINTS, built from that collection",
    ],
    [
      "monitor-auth-blocks-callbacks",
      "infra/modules/auth.bicep:6: monitor-auth-paths: sign-in is required for /api/callbacks/ticket-1, which Event Grid or ACS calls and cannot sign in; add it to globalValidation.excludedPaths",
    ],
  ];

  it.each(cases)("catches %s", async (caseName, expected) => {
    expect(await lines(brokenProject(caseName))).toContain(expected);
  });

  // The rules whose fixtures were made to break that rule and nothing else (the older ones may break more).
  const isolatedRules = new Set([
    "remote-build",
    "azd-version",
    "location-allowed",
    "hook-settings",
    "container-probes",
    "image-lookup",
    "identity-split",
    "host-storage-roles",
    "data-tables",
    "monitor-auth-paths",
    "voice-live-pool",
  ]);
  const isolatedCases = cases.filter(([, expected]) => isolatedRules.has(expected.split(": ")[1] ?? ""));

  it.each(isolatedCases)("%s breaks only its own rule", async (caseName, expected) => {
    const rule = expected.split(": ")[1];
    expect((await validateInfra(brokenProject(caseName))).findings.map((finding) => finding.rule)).toEqual([
      rule,
    ]);
  });

  it("prints file:line: rule: message on stderr and exits 1 (CLI)", () => {
    const dir = brokenProject("role-no-principal-type");
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "infra/validate/cli.ts"), dir],
      {
        encoding: "utf8",
        cwd: repoRoot,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "infra/modules/app.bicep:76: role-principal-type: role assignment 'blobOwner' has no properties.principalType",
    );
    expect(run.stderr).toContain("lint:infra: 1 problem(s)");
  });

  it("exits 0 with a summary on a clean project (CLI)", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "infra/validate/cli.ts"), join(fixtures, "good")],
      {
        encoding: "utf8",
        cwd: repoRoot,
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("lint:infra: azure.yaml and 2 Bicep files pass");
  });
});
