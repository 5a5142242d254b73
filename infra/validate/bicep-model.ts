// The few facts about a Bicep file that the project rules need, read from its tree-sitter syntax tree:
// declarations (params, vars, outputs, modules, resources) with their lines and value nodes.
import type { Node, Tree } from "./bicep-parser.js";

export interface BicepParam {
  name: string;
  line: number;
  hasDefault: boolean;
  secure: boolean;
  /** The string values of `@allowed([...])`, or undefined without one. */
  allowed: string[] | undefined;
  /** `@metadata({ azd: { type: '…' } })`, e.g. 'location'. */
  azdType: string | undefined;
}

export interface BicepVariable {
  name: string;
  line: number;
  value: Node;
}

export interface BicepOutput {
  name: string;
  line: number;
  value: Node;
}

export interface BicepModule {
  symbol: string;
  line: number;
  /** The module reference as written: './modules/x.bicep' or 'br/public:avm/res/...:1.2.3'. */
  path: string;
  /** The `params: { ... }` object, when present. */
  params: Node | undefined;
  body: Node | undefined;
}

export interface BicepResource {
  symbol: string;
  line: number;
  /** 'Microsoft.Authorization/roleAssignments@2022-04-01' */
  type: string;
  existing: boolean;
  body: Node | undefined;
}

export interface BicepFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  tree: Tree;
  params: BicepParam[];
  variables: BicepVariable[];
  outputs: BicepOutput[];
  modules: BicepModule[];
  resources: BicepResource[];
}

export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** The literal text of a string without interpolation, or undefined for anything else. */
export function stringLiteral(node: Node | undefined | null): string | undefined {
  if (node?.type !== "string") return undefined;
  if (node.namedChildren.some((child) => child?.type === "interpolation")) return undefined;
  return node.namedChildren
    .filter((child): child is Node => child !== null && child.type === "string_content")
    .map((child) => child.text)
    .join("");
}

/** Every string_content piece of a string, interpolations skipped ('a${b}c' gives 'ac'). */
export function stringPieces(node: Node): string {
  return node
    .descendantsOfType("string_content")
    .map((piece) => piece?.text ?? "")
    .join("");
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** The key of an object property (identifier or quoted). */
export function propertyKey(property: Node): string | undefined {
  const key = named(property)[0];
  if (!key) return undefined;
  return key.type === "string" ? stringLiteral(key) : key.text;
}

/** The value node of `key: value` directly inside `object`. */
export function propertyValue(object: Node | undefined, key: string): Node | undefined {
  if (object?.type !== "object") return undefined;
  for (const property of named(object)) {
    if (property.type !== "object_property") continue;
    if (propertyKey(property) === key) {
      const children = named(property);
      return children.length > 1 ? children[children.length - 1] : undefined;
    }
  }
  return undefined;
}

/** Follows `a.b.c` through nested objects. */
export function propertyPath(object: Node | undefined, path: string[]): Node | undefined {
  let current = object;
  for (const key of path) current = propertyValue(current, key);
  return current;
}

/** The object of a declaration, looking through `if (...) { }` and `[for ... : { }]`. */
function declarationBody(node: Node): Node | undefined {
  for (const child of named(node).slice(1)) {
    if (child.type === "object") return child;
    if (child.type === "if_statement" || child.type === "for_statement") {
      const inner = declarationBody(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The decorator calls written just above a declaration: `@allowed([...])` gives name 'allowed'. */
function decorators(declaration: Node): Array<{ name: string; argument: Node | undefined }> {
  const previous = declaration.previousNamedSibling;
  if (previous?.type !== "decorators") return [];
  const calls: Array<{ name: string; argument: Node | undefined }> = [];
  for (const decorator of named(previous)) {
    const call = named(decorator)[0];
    if (call?.type !== "call_expression") continue;
    const name = call.childForFieldName("function")?.text ?? "";
    calls.push({ name, argument: call.childForFieldName("arguments")?.namedChildren[0] ?? undefined });
  }
  return calls;
}

function isSecure(declaration: Node): boolean {
  const previous = declaration.previousNamedSibling;
  if (previous?.type !== "decorators") return false;
  return previous.descendantsOfType("identifier").some((id) => id?.text === "secure");
}

function allowedValues(declaration: Node): string[] | undefined {
  const argument = decorators(declaration).find((d) => d.name === "allowed")?.argument;
  if (argument?.type !== "array") return undefined;
  return named(argument)
    .map((item) => stringLiteral(item))
    .filter((value): value is string => value !== undefined);
}

function azdType(declaration: Node): string | undefined {
  const argument = decorators(declaration).find((d) => d.name === "metadata")?.argument;
  return stringLiteral(propertyPath(argument, ["azd", "type"]));
}

export function readBicepFile(path: string, tree: Tree): BicepFile {
  const file: BicepFile = { path, tree, params: [], variables: [], outputs: [], modules: [], resources: [] };
  for (const node of named(tree.rootNode)) {
    const parts = named(node);
    const symbol = parts[0]?.text ?? "";
    switch (node.type) {
      case "parameter_declaration": {
        // identifier, type, [default value]
        file.params.push({
          name: symbol,
          line: lineOf(node),
          hasDefault: parts.length > 2,
          secure: isSecure(node),
          allowed: allowedValues(node),
          azdType: azdType(node),
        });
        break;
      }
      case "variable_declaration": {
        const value = parts[parts.length - 1];
        if (value && parts.length > 1) file.variables.push({ name: symbol, line: lineOf(node), value });
        break;
      }
      case "output_declaration": {
        const value = parts[parts.length - 1];
        if (value) file.outputs.push({ name: symbol, line: lineOf(node), value });
        break;
      }
      case "module_declaration": {
        const body = declarationBody(node);
        file.modules.push({
          symbol,
          line: lineOf(node),
          path: stringLiteral(parts[1]) ?? "",
          params: propertyValue(body, "params"),
          body,
        });
        break;
      }
      case "resource_declaration": {
        file.resources.push({
          symbol,
          line: lineOf(node),
          type: stringLiteral(parts[1]) ?? "",
          existing: node.children.some((child) => child?.type === "existing"),
          body: declarationBody(node),
        });
        break;
      }
    }
  }
  return file;
}
