// Role assignments: every role id must be a known built-in role (a typo or a mislabelled id grants the
// wrong thing, or nothing), and every assignment states its principalType (without it ARM looks the
// principal up in Entra ID, which fails for an identity created seconds earlier: replication lag).

import { type BicepFile, lineOf, propertyPath, propertyValue, stringPieces } from "../bicep-model.js";
import type { Node } from "../bicep-parser.js";
import type { Finding } from "../findings.js";
import { KNOWN_ROLES } from "../known-roles.js";
import type { Project } from "../project.js";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const WHOLE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const normalizeName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");
const ROLE_BY_NORMALIZED_NAME = new Map([...KNOWN_ROLES].map(([id, name]) => [normalizeName(name), id]));

function isRoleAssignment(type: string): boolean {
  return type.toLowerCase().startsWith("microsoft.authorization/roleassignments@");
}

/** Role ids an expression refers to: GUID literals in it, and GUID values of the variables it names. */
function roleIdsIn(file: BicepFile, expression: Node): string[] {
  const ids: string[] = [];
  for (const text of [expression, ...expression.descendantsOfType("string")]) {
    if (text && text.type === "string") ids.push(...(stringPieces(text).match(GUID) ?? []));
  }
  for (const identifier of expression.descendantsOfType("identifier")) {
    const variable = file.variables.find((v) => v.name === identifier?.text);
    if (variable?.value.type === "string") ids.push(...(stringPieces(variable.value).match(GUID) ?? []));
  }
  if (expression.type === "identifier") {
    const variable = file.variables.find((v) => v.name === expression.text);
    if (variable?.value.type === "string") ids.push(...(stringPieces(variable.value).match(GUID) ?? []));
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

export function checkRoleDefinitions(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    // A GUID anywhere in Bicep is a role id here; an unknown one is a typo or an unreviewed role.
    for (const node of file.tree.rootNode.descendantsOfType("string")) {
      if (!node) continue;
      const text = stringPieces(node);
      if (!WHOLE_GUID.test(text)) continue;
      if (!KNOWN_ROLES.has(text.toLowerCase())) {
        findings.push({
          file: file.path,
          line: lineOf(node),
          rule: "role-definition",
          message: `'${text}' is not a known built-in role id (see infra/validate/known-roles.ts)`,
        });
      }
    }
    // A variable named after one role but holding another's id (the mislabelling the lint exists for).
    for (const variable of file.variables) {
      if (variable.value.type !== "string") continue;
      const id = stringPieces(variable.value).toLowerCase();
      const actual = KNOWN_ROLES.get(id);
      const namedAfter = ROLE_BY_NORMALIZED_NAME.get(normalizeName(variable.name));
      if (actual && namedAfter && namedAfter !== id) {
        findings.push({
          file: file.path,
          line: variable.line,
          rule: "role-definition",
          message: `variable '${variable.name}' holds the id of '${actual}', not '${KNOWN_ROLES.get(namedAfter)}'`,
        });
      }
    }
    for (const resource of file.resources) {
      if (!isRoleAssignment(resource.type) || resource.existing) continue;
      const expression = propertyPath(resource.body, ["properties", "roleDefinitionId"]);
      if (!expression) {
        findings.push({
          file: file.path,
          line: resource.line,
          rule: "role-definition",
          message: `role assignment '${resource.symbol}' has no properties.roleDefinitionId`,
        });
        continue;
      }
      const ids = roleIdsIn(file, expression);
      if (ids.length === 0) {
        findings.push({
          file: file.path,
          line: lineOf(expression),
          rule: "role-definition",
          message: `role assignment '${resource.symbol}': roleDefinitionId must name a built-in role id (a GUID literal or a variable holding one)`,
        });
      }
    }
  }
  return findings;
}

export function checkPrincipalTypes(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const resource of file.resources) {
      if (!isRoleAssignment(resource.type) || resource.existing) continue;
      if (!propertyPath(resource.body, ["properties", "principalType"])) {
        findings.push({
          file: file.path,
          line: resource.line,
          rule: "role-principal-type",
          message: `role assignment '${resource.symbol}' has no properties.principalType`,
        });
      }
    }
    // AVM modules take role assignments as a `roleAssignments: [ { ... } ]` parameter.
    for (const module of file.modules) {
      const list = propertyValue(module.params, "roleAssignments");
      for (const item of list?.namedChildren ?? []) {
        if (item?.type === "object" && !propertyValue(item, "principalType")) {
          findings.push({
            file: file.path,
            line: lineOf(item),
            rule: "role-principal-type",
            message: `module '${module.symbol}': a roleAssignments entry has no principalType`,
          });
        }
      }
    }
  }
  return findings;
}
