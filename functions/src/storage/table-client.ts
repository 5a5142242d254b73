// Table Storage clients from the Functions storage setting: a connection string (Azurite or a key) or the
// identity-based form (`AzureWebJobsStorage__accountName` / `__tableServiceUri`, managed identity).
import { TableClient } from "@azure/data-tables";
import { DefaultAzureCredential } from "@azure/identity";
import { isLoopbackUrl } from "../settings/loopback.js";
import type { StorageAccess } from "../settings/settings.js";

export function createTableClient(storage: StorageAccess, tableName: string): TableClient {
  if (storage.kind === "identity") {
    const credential = new DefaultAzureCredential(
      storage.managedIdentityClientId === undefined
        ? {}
        : { managedIdentityClientId: storage.managedIdentityClientId },
    );
    const insecure = isLoopbackUrl(new URL(storage.tableServiceUrl));
    return new TableClient(storage.tableServiceUrl, tableName, credential, {
      allowInsecureConnection: insecure,
    });
  }
  const tableEndpoint = /(?:^|;)\s*TableEndpoint=([^;]+)/i.exec(storage.connectionString)?.[1];
  const insecure =
    tableEndpoint !== undefined && URL.canParse(tableEndpoint) && isLoopbackUrl(new URL(tableEndpoint));
  return TableClient.fromConnectionString(storage.connectionString, tableName, {
    allowInsecureConnection: insecure,
  });
}

/**
 * Creates the table on first use (idempotent: 409 means it exists). Concurrent callers share one attempt;
 * a failed attempt is forgotten so the next request tries again.
 */
export function tableReadiness(client: TableClient): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= client.createTable().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

export function isTableStatus(error: unknown, statusCode: number): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { statusCode?: unknown }).statusCode === statusCode
  );
}
