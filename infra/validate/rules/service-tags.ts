// azd finds each service's deployment target by the tag `azd-service-name: <service>`. Every service in
// azure.yaml needs exactly one tagged resource of the kind its host deploys to, and no tag may name a
// service that does not exist. Tag values passed into a module as a parameter are followed to the caller.
import { dirname, join, normalize } from "node:path/posix";
import { type BicepFile, lineOf, propertyKey, propertyValue, stringLiteral } from "../bicep-model.js";
import type { Node } from "../bicep-parser.js";
import type { Finding } from "../findings.js";
import { KNOWN_HOSTS } from "../known-roles.js";
import { type Project, yamlLine } from "../project.js";
import { servicesOf } from "./services.js";

interface ServiceTag {
  service: string;
  file: string;
  line: number;
  /** Resource type without api version, or the module reference without version. */
  target: string;
}

function topLevel(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== "infrastructure") current = current.parent;
  return current;
}

function targetOf(declaration: Node): string {
  const reference = stringLiteral(declaration.namedChildren[1]) ?? "";
  if (declaration.type === "resource_declaration") return reference.split("@")[0] ?? reference;
  return reference.replace(/:[^:/]+$/, "");
}

/** Values a module parameter receives from every caller of `file`. */
function valuesFromCallers(project: Project, file: BicepFile, param: string): string[] {
  const values: string[] = [];
  for (const caller of project.bicepFiles) {
    for (const module of caller.modules) {
      if (normalize(join(dirname(caller.path), module.path)) !== file.path) continue;
      const value = stringLiteral(propertyValue(module.params, param));
      if (value !== undefined) values.push(value);
    }
  }
  return values;
}

export function collectServiceTags(project: Project): ServiceTag[] {
  const tags: ServiceTag[] = [];
  for (const file of project.bicepFiles) {
    for (const property of file.tree.rootNode.descendantsOfType("object_property")) {
      if (!property || propertyKey(property) !== "azd-service-name") continue;
      const value = property.namedChildren[property.namedChildren.length - 1];
      if (!value) continue;
      const declaration = topLevel(property);
      if (declaration.type !== "resource_declaration" && declaration.type !== "module_declaration") continue;
      const literal = stringLiteral(value);
      const names =
        literal !== undefined
          ? [literal]
          : value.type === "identifier" && file.params.some((param) => param.name === value.text)
            ? valuesFromCallers(project, file, value.text)
            : [];
      for (const service of names) {
        tags.push({ service, file: file.path, line: lineOf(property), target: targetOf(declaration) });
      }
    }
  }
  return tags;
}

export function checkServiceTags(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) return [];
  const tags = collectServiceTags(project);
  const services = servicesOf(project);
  const findings: Finding[] = [];
  for (const service of services) {
    const tagged = tags.filter((tag) => tag.service === service.name);
    const line = yamlLine(azureYaml, ["services", service.name]);
    if (tagged.length === 0) {
      findings.push({
        file: azureYaml.path,
        line,
        rule: "service-tags",
        message: `no Bicep resource is tagged 'azd-service-name': '${service.name}'`,
      });
      continue;
    }
    if (tagged.length > 1) {
      findings.push({
        file: azureYaml.path,
        line,
        rule: "service-tags",
        message: `${tagged.length} resources are tagged 'azd-service-name': '${service.name}' (${tagged.map((t) => `${t.file}:${t.line}`).join(", ")}); azd needs exactly one`,
      });
    }
    const expected = service.host === undefined ? undefined : KNOWN_HOSTS.get(service.host);
    for (const tag of tagged) {
      if (expected && !expected.includes(tag.target)) {
        findings.push({
          file: tag.file,
          line: tag.line,
          rule: "service-tags",
          message: `service '${service.name}' (host ${service.host}) is tagged on ${tag.target}; expected ${expected.join(" or ")}`,
        });
      }
    }
  }
  const names = new Set(services.map((service) => service.name));
  for (const tag of tags) {
    if (!names.has(tag.service)) {
      findings.push({
        file: tag.file,
        line: tag.line,
        rule: "service-tags",
        message: `tag 'azd-service-name': '${tag.service}' names no service of azure.yaml (${[...names].join(", ") || "none"})`,
      });
    }
  }
  return findings;
}
