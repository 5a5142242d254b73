// The identity the hooks act as: whoever is signed in to azd (the person or pipeline running `azd up`),
// then the Azure CLI, then the usual environment/managed-identity chain for CI runners.
import type { TokenCredential } from "@azure/core-auth";
import {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  ChainedTokenCredential,
  DefaultAzureCredential,
} from "@azure/identity";

export function deployerCredential(tenantId: string | undefined): TokenCredential {
  const options = tenantId ? { tenantId } : {};
  return new ChainedTokenCredential(
    new AzureDeveloperCliCredential(options),
    new AzureCliCredential(options),
    new DefaultAzureCredential(options),
  );
}
