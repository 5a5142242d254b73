// A client for one of the app's data tables (tickets, audit, records): a connection string (Azurite
// locally; plain http only on loopback) or the table endpoint with the worker's managed identity.
import { TableClient } from "@azure/data-tables";
import { DefaultAzureCredential } from "@azure/identity";

export type TableTarget = { connectionString: string } | { endpoint: string };

export function dataTableClient(target: TableTarget, table: string): TableClient {
  return "connectionString" in target
    ? TableClient.fromConnectionString(target.connectionString, table, {
        allowInsecureConnection: /(127\.0\.0\.1|localhost|UseDevelopmentStorage=true)/i.test(
          target.connectionString,
        ),
      })
    : new TableClient(target.endpoint, table, new DefaultAzureCredential());
}
