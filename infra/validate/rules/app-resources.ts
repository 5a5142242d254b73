// The facts the least-privilege rules share: which resource deploys each app (by its azd-service-name tag),
// which identities the app runs as, and which storage account is the Functions host's own. All as origins
// (../origins.ts), so a value passed through module parameters and outputs still names its declaration.
import { type BicepFile, propertyPath, propertyValue } from "../bicep-model.js";
import type { Node } from "../bicep-parser.js";
import { declarationAt, type Origin, OriginResolver, settingValues } from "../origins.js";
import type { Project } from "../project.js";
import { collectServiceTags } from "./service-tags.js";
import { servicesOf } from "./services.js";

export interface AppResource {
  service: string;
  host: "function" | "containerapp";
  file: BicepFile;
  line: number;
  /** The expressions naming the user-assigned identities it runs as (and pulls images with). */
  identityExpressions: Node[];
}

export interface AppFacts {
  resolver: OriginResolver;
  apps: AppResource[];
  /** Identities each app runs as. */
  identities: Map<AppResource, Set<Origin>>;
  /** The Functions host's own storage account(s): AzureWebJobsStorage and the Flex deployment package. */
  hostStorage: Set<Origin>;
}

const HOSTS = new Set(["function", "containerapp"]);

export function appFacts(project: Project): AppFacts {
  const resolver = new OriginResolver(project);
  const hosts = new Map(servicesOf(project).map((service) => [service.name, service.host]));
  const apps: AppResource[] = [];
  for (const tag of collectServiceTags(project)) {
    const host = hosts.get(tag.service);
    const file = project.bicepFiles.find((candidate) => candidate.path === tag.file);
    if (host === undefined || !HOSTS.has(host) || !file) continue;
    const found = declarationAt(file, tag.line);
    if (!found) continue;
    const body = found.kind === "resource" ? found.declaration.body : found.declaration.params;
    apps.push({
      service: tag.service,
      host: host as AppResource["host"],
      file,
      line: found.declaration.line,
      identityExpressions: identityExpressionsOf(body),
    });
  }
  const identities = new Map<AppResource, Set<Origin>>();
  const hostStorage = new Set<Origin>();
  for (const app of apps) {
    const origins = new Set<Origin>();
    for (const expression of app.identityExpressions) {
      for (const origin of resolver.originsEverywhere(app.file, expression)) origins.add(origin);
    }
    identities.set(app, origins);
    if (app.host !== "function") continue;
    for (const value of hostStorageExpressions(resolver, app.file)) {
      for (const origin of resolver.originsEverywhere(value.file, value.node)) hostStorage.add(origin);
    }
  }
  return { resolver, apps, identities, hostStorage };
}

/**
 * `identity.userAssignedIdentities` keys (raw resources), `managedIdentities.userAssignedResourceIds` (AVM
 * modules) and a container app's registry pull identity.
 */
function identityExpressionsOf(body: Node | undefined): Node[] {
  const expressions: Node[] = [];
  const assigned = propertyPath(body, ["identity", "userAssignedIdentities"]);
  for (const property of assigned?.namedChildren ?? []) {
    const key = property?.type === "object_property" ? property.namedChildren[0] : undefined;
    if (key) expressions.push(key);
  }
  const avm = propertyPath(body, ["managedIdentities", "userAssignedResourceIds"]);
  if (avm) expressions.push(avm);
  const registries = propertyPath(body, ["properties", "configuration", "registries"]);
  for (const registry of registries?.namedChildren ?? []) {
    const identity = registry?.type === "object" ? propertyValue(registry, "identity") : undefined;
    if (identity) expressions.push(identity);
  }
  return expressions;
}

/** Where a function app says its host storage is: AzureWebJobsStorage and the Flex deployment container. */
function hostStorageExpressions(
  resolver: OriginResolver,
  file: BicepFile,
): Array<{ file: BicepFile; node: Node }> {
  const values = [
    ...settingValues(resolver, file, "AzureWebJobsStorage__accountName"),
    ...settingValues(resolver, file, "AzureWebJobsStorage__blobServiceUri"),
  ];
  for (const property of file.tree.rootNode.descendantsOfType("object_property")) {
    if (property?.namedChildren[0]?.text !== "functionAppConfig") continue;
    const value = propertyPath(property.namedChildren[1] ?? undefined, ["deployment", "storage", "value"]);
    if (value) values.push({ file, node: value });
  }
  return values;
}
