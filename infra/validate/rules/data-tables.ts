// The app's tables (STORAGE_TABLE_ENDPOINT of the functions app and of the worker) must not be in the
// Functions host's storage account: whoever writes the app's data there needs a role on the account that
// also holds the host's keys and deployment package. They belong in a data account of their own. A functions
// app without STORAGE_TABLE_ENDPOINT keeps its tables in AzureWebJobsStorage, the host's account, so once
// the lint can tell which account that is, the setting is required.
import { lineOf } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import { describeOrigin, intersects, settingValues } from "../origins.js";
import type { Project } from "../project.js";
import { appFacts } from "./app-resources.js";

export function checkDataTables(project: Project): Finding[] {
  const { resolver, apps, hostStorage } = appFacts(project);
  if (hostStorage.size === 0) return [];
  const findings = new Map<string, Finding>();
  for (const app of apps) {
    const values = settingValues(resolver, app.file, "STORAGE_TABLE_ENDPOINT");
    if (app.host === "function" && values.length === 0) {
      findings.set(`${app.file.path}:${app.line}`, {
        file: app.file.path,
        line: app.line,
        rule: "data-tables",
        message: `service '${app.service}' sets no STORAGE_TABLE_ENDPOINT, so its tables would live in AzureWebJobsStorage, the Functions host storage; point it at the data storage account`,
      });
    }
    for (const value of values) {
      const account = intersects(resolver.originsEverywhere(value.file, value.node), hostStorage);
      if (account === undefined) continue;
      const line = lineOf(value.node);
      findings.set(`${value.file.path}:${line}`, {
        file: value.file.path,
        line,
        rule: "data-tables",
        message: `STORAGE_TABLE_ENDPOINT points at the Functions host storage ${describeOrigin(account)}; the app's tables belong in a data storage account of their own`,
      });
    }
  }
  return [...findings.values()];
}
