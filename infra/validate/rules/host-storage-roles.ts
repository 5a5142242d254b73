// Nothing the media worker can reach may write the functions app's code: the Functions host's storage holds
// the host's keys and the Flex deployment package, so the worker's identity must have no role there, neither
// scoped to that account nor through a role assignment without a scope (which covers its whole resource
// group or subscription, the account included). Role assignments are followed into modules and AVM
// `roleAssignments` parameters.
import { lineOf, propertyPath, propertyValue } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import { describeOrigin, intersects, type Origin } from "../origins.js";
import type { Project } from "../project.js";
import { appFacts } from "./app-resources.js";

const ROLE_ASSIGNMENT = "microsoft.authorization/roleassignments@";

export function checkHostStorageRoles(project: Project): Finding[] {
  const facts = appFacts(project);
  const { resolver, hostStorage } = facts;
  const worker = new Set<Origin>();
  for (const app of facts.apps.filter((candidate) => candidate.host === "containerapp")) {
    for (const origin of facts.identities.get(app) ?? []) worker.add(origin);
  }
  if (worker.size === 0) return [];
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const instance of resolver.instancesOf(file)) {
      for (const resource of file.resources) {
        if (resource.existing || !resource.type.toLowerCase().startsWith(ROLE_ASSIGNMENT)) continue;
        const principal = propertyPath(resource.body, ["properties", "principalId"]);
        const identity = intersects(resolver.origins(file, principal, instance), worker);
        if (identity === undefined) continue;
        const scope = propertyValue(resource.body, "scope");
        if (scope === undefined) {
          findings.push({
            file: file.path,
            line: resource.line,
            rule: "host-storage-roles",
            message: `role assignment '${resource.symbol}' for the media worker's identity ${describeOrigin(identity)} has no scope, so it covers the whole resource group or subscription, the Functions host storage included; scope it to the one resource the worker uses`,
          });
          continue;
        }
        const account = intersects(resolver.origins(file, scope, instance), hostStorage);
        if (account === undefined) continue;
        findings.push({
          file: file.path,
          line: resource.line,
          rule: "host-storage-roles",
          message: `role assignment '${resource.symbol}' gives the media worker's identity ${describeOrigin(identity)} a role on the Functions host storage ${describeOrigin(account)}, which holds the host's keys and deployment package; keep the worker's data in the data storage account`,
        });
      }
      // AVM modules take role assignments as a parameter of the resource they deploy.
      for (const module of file.modules) {
        const deployed = resolver.origins(file, moduleSymbol(file, module.symbol), instance);
        if (intersects(deployed, hostStorage) === undefined) continue;
        for (const item of propertyValue(module.params, "roleAssignments")?.namedChildren ?? []) {
          if (item?.type !== "object") continue;
          const identity = intersects(
            resolver.origins(file, propertyValue(item, "principalId"), instance),
            worker,
          );
          if (identity === undefined) continue;
          findings.push({
            file: file.path,
            line: lineOf(item),
            rule: "host-storage-roles",
            message: `module '${module.symbol}' gives the media worker's identity ${describeOrigin(identity)} a role on the Functions host storage, which holds the host's keys and deployment package`,
          });
        }
      }
    }
  }
  return findings;
}

/** The identifier node of a module's own symbol, to resolve it like any reference to the module. */
function moduleSymbol(file: Project["bicepFiles"][number], symbol: string) {
  for (const node of file.tree.rootNode.namedChildren) {
    if (node?.type === "module_declaration" && node.namedChildren[0]?.text === symbol)
      return node.namedChildren[0];
  }
  return undefined;
}
