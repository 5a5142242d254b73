// azd `predeploy` hook of the functions service: waits, when needed, for the functions identity's Storage
// Blob Data Owner role to be in effect before azd uploads the Flex Consumption package
// (see storage-role-wait.ts).
// Reads the assignment with the deployer's credential through ARM (Reader on the account is enough).
import { fileURLToPath } from "node:url";
import { loadAzdEnv, requireSettings } from "./azd-env.js";
import { deployerCredential } from "./credential.js";
import { sleep } from "./retry.js";
import { type RoleAssignmentInfo, waitForRoleToSettle } from "./storage-role-wait.js";

// Storage Blob Data Owner: the role infra/modules/host-storage.bicep grants the functions app's identity for
// the Flex deployment container (and the host's own blobs).
const STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
const ARM = "https://management.azure.com";

class ArmError extends Error {
  override readonly name = "ArmError";
  constructor(readonly status: number) {
    super(`ARM answered HTTP ${status}`);
  }
}

interface RoleAssignmentPage {
  value?: Array<{ properties?: { roleDefinitionId?: unknown; createdOn?: unknown } }>;
  nextLink?: unknown;
}

async function main(): Promise<void> {
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  const env = loadAzdEnv(repoRoot);
  const settings = requireSettings(env, [
    "AZURE_SUBSCRIPTION_ID",
    "AZURE_RESOURCE_GROUP",
    "AZURE_FUNCTIONS_STORAGE_ACCOUNT_NAME",
    "AZURE_FUNCTIONS_IDENTITY_PRINCIPAL_ID",
  ]);
  const credential = deployerCredential(env.AZURE_TENANT_ID);
  const scope =
    `/subscriptions/${settings.AZURE_SUBSCRIPTION_ID}/resourceGroups/${settings.AZURE_RESOURCE_GROUP}` +
    `/providers/Microsoft.Storage/storageAccounts/${settings.AZURE_FUNCTIONS_STORAGE_ACCOUNT_NAME}`;
  const filter = encodeURIComponent(`principalId eq '${settings.AZURE_FUNCTIONS_IDENTITY_PRINCIPAL_ID}'`);

  async function listAssignments(): Promise<RoleAssignmentInfo[]> {
    const token = await credential.getToken(`${ARM}/.default`);
    if (!token) throw new ArmError(401);
    const found: RoleAssignmentInfo[] = [];
    let url: string | undefined =
      `${ARM}${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${filter}`;
    while (url) {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token.token}` } });
      if (!response.ok) throw new ArmError(response.status);
      const page = (await response.json()) as RoleAssignmentPage;
      for (const item of page.value ?? []) {
        const { roleDefinitionId, createdOn } = item.properties ?? {};
        if (typeof roleDefinitionId !== "string") continue;
        found.push({ roleDefinitionId, createdOn: typeof createdOn === "string" ? createdOn : undefined });
      }
      url = typeof page.nextLink === "string" ? page.nextLink : undefined;
    }
    return found;
  }

  await waitForRoleToSettle(
    { listAssignments, now: () => Date.now(), sleep, log: (line) => console.log(line) },
    { roleDefinitionGuid: STORAGE_BLOB_DATA_OWNER, roleName: "Storage Blob Data Owner" },
  );
}

main().catch((error: unknown) => {
  // azure.yaml sets continueOnError too: this hook may only delay the deploy, never stop it.
  console.error(
    `predeploy: ${error instanceof Error ? error.message : "failed"}; deploying without waiting.`,
  );
  console.error("predeploy: if the deploy fails with 403, wait a minute and run `azd deploy functions`.");
  process.exitCode = 1;
});
