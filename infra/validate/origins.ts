// Where a Bicep value comes from, across module calls: which identity a container app runs as, which storage
// account an app setting or a role assignment's scope names. A parameter is followed to the value each
// caller passes, a variable to its value, `module.outputs.x` into the module's output (for local modules),
// and a resource or module symbol is an origin itself. Origins carry the module call they were deployed by
// (an instance), so one module file called twice (two storage accounts) gives two distinct origins.
import { dirname, join, normalize } from "node:path/posix";
import {
  type BicepFile,
  type BicepModule,
  type BicepResource,
  propertyKey,
  propertyValue,
} from "./bicep-model.js";
import type { Node } from "./bicep-parser.js";
import type { Project } from "./project.js";

/** One module call on the way from main.bicep to a file. */
export interface ModuleFrame {
  caller: BicepFile;
  module: BicepModule;
}

/** The chain of module calls that deploys one copy of a file; [] for main.bicep. */
export type Instance = readonly ModuleFrame[];

/** `infra/modules/x.bicep#account@infra/main.bicep#hostStorage`: a declaration as one deployment has it. */
export type Origin = string;

const MAX_DEPTH = 25;

export class OriginResolver {
  constructor(private readonly project: Project) {}

  /** The local file a module call deploys, or undefined for a registry module (br/…). */
  targetOf(caller: BicepFile, module: BicepModule): BicepFile | undefined {
    if (!module.path.startsWith(".")) return undefined;
    const path = normalize(join(dirname(caller.path), module.path));
    return this.project.bicepFiles.find((file) => file.path === path);
  }

  /** Every module call (in any file) that deploys `file`. */
  callersOf(file: BicepFile): ModuleFrame[] {
    return this.project.bicepFiles.flatMap((caller) =>
      caller.modules
        .filter((module) => this.targetOf(caller, module) === file)
        .map((module) => ({ caller, module })),
    );
  }

  /** Each deployed copy of `file`, as the chains of module calls from a file nobody calls (main.bicep). */
  instancesOf(file: BicepFile, depth = 0): Instance[] {
    const callers = this.callersOf(file);
    if (callers.length === 0 || depth > MAX_DEPTH) return [[]];
    return callers.flatMap((frame) =>
      this.instancesOf(frame.caller, depth + 1).map((chain) => [...chain, frame]),
    );
  }

  /** The declarations `node` (an expression in `file`, deployed as `instance`) takes its value from. */
  origins(file: BicepFile, node: Node | undefined, instance: Instance, depth = 0): Set<Origin> {
    const found = new Set<Origin>();
    if (node === undefined || depth > MAX_DEPTH) return found;
    const identifiers = node.type === "identifier" ? [node] : node.descendantsOfType("identifier");
    for (const identifier of identifiers) {
      if (!identifier || !isReference(identifier)) continue;
      for (const origin of this.originsOfName(file, identifier, instance, depth)) found.add(origin);
    }
    return found;
  }

  private originsOfName(file: BicepFile, identifier: Node, instance: Instance, depth: number): Set<Origin> {
    const name = identifier.text;
    if (file.params.some((param) => param.name === name)) {
      // A parameter of main.bicep is an origin itself (a deployment parameter); a module's is what its
      // caller passes in this instance.
      const frame = instance.at(-1);
      if (frame === undefined) return new Set([originKey(file, name, instance)]);
      const passed = propertyValue(frame.module.params, name);
      return this.origins(frame.caller, passed, instance.slice(0, -1), depth + 1);
    }
    const variable = file.variables.find((candidate) => candidate.name === name);
    if (variable) return this.origins(file, variable.value, instance, depth + 1);
    const module = file.modules.find((candidate) => candidate.symbol === name);
    if (module) {
      const output = outputNameOf(identifier);
      const target = this.targetOf(file, module);
      const declared = output === undefined ? undefined : target?.outputs.find((o) => o.name === output);
      if (target && declared) {
        return this.origins(target, declared.value, [...instance, { caller: file, module }], depth + 1);
      }
      return new Set([originKey(file, name, instance)]);
    }
    const resource = file.resources.find((candidate) => candidate.symbol === name);
    if (resource) {
      const own = new Set([originKey(file, name, instance)]);
      // An `existing` resource is the one its name names (often a module output or a parameter).
      if (resource.existing) {
        for (const origin of this.origins(file, propertyValue(resource.body, "name"), instance, depth + 1)) {
          own.add(origin);
        }
      }
      return own;
    }
    return new Set();
  }

  /**
   * Origins of an expression in a file, over every deployed copy of that file: for expressions found in a
   * file without knowing which module call deployed it.
   */
  originsEverywhere(file: BicepFile, node: Node | undefined): Set<Origin> {
    const union = new Set<Origin>();
    for (const instance of this.instancesOf(file)) {
      for (const origin of this.origins(file, node, instance)) union.add(origin);
    }
    return union;
  }
}

/** `infra/main.bicep#workerIdentity` → `'workerIdentity' (infra/main.bicep)`, for messages. */
export function describeOrigin(origin: Origin): string {
  const [declaration = origin] = origin.split("@");
  const [path, symbol] = declaration.split("#");
  return `'${symbol}' (${path})`;
}

export function intersects(a: ReadonlySet<Origin>, b: ReadonlySet<Origin>): Origin | undefined {
  for (const origin of a) if (b.has(origin)) return origin;
  return undefined;
}

function originKey(file: BicepFile, symbol: string, instance: Instance): Origin {
  const chain = instance.map((frame) => `${frame.caller.path}#${frame.module.symbol}`).join(">");
  return chain === "" ? `${file.path}#${symbol}` : `${file.path}#${symbol}@${chain}`;
}

/** `x` in `x.outputs.name` → 'name'; undefined when the identifier is not read through `.outputs`. */
function outputNameOf(identifier: Node): string | undefined {
  const outputs = identifier.parent;
  if (outputs?.type !== "member_expression" || outputs.namedChildren[1]?.text !== "outputs") return undefined;
  const member = outputs.parent;
  if (member?.type !== "member_expression") return undefined;
  return member.namedChildren[1]?.text;
}

/** An identifier that names a declaration: not an object key, a function name or a decorator. */
function isReference(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return true;
  if (parent.type === "object_property" && parent.namedChildren[0]?.startIndex === identifier.startIndex) {
    return false;
  }
  if (parent.type === "call_expression" && parent.namedChildren[0]?.startIndex === identifier.startIndex) {
    return false;
  }
  return true;
}

/** The resource or module declaration a line (say, of a tag) belongs to. */
export function declarationAt(
  file: BicepFile,
  line: number,
):
  | { kind: "resource"; declaration: BicepResource }
  | { kind: "module"; declaration: BicepModule }
  | undefined {
  const candidates = [
    ...file.resources.map((declaration) => ({ kind: "resource" as const, declaration })),
    ...file.modules.map((declaration) => ({ kind: "module" as const, declaration })),
  ].filter((candidate) => candidate.declaration.line <= line);
  candidates.sort((a, b) => b.declaration.line - a.declaration.line);
  return candidates[0];
}

/**
 * The values an app setting or env var `name` gets in `file` and in the module calls into it: object keys
 * (`NAME: value`, app settings) and container env entries (`{ name: 'NAME', value: … }`).
 */
export function settingValues(
  resolver: OriginResolver,
  file: BicepFile,
  name: string,
): Array<{ file: BicepFile; node: Node }> {
  const found: Array<{ file: BicepFile; node: Node }> = [];
  const search = (where: BicepFile, root: Node) => {
    for (const property of root.descendantsOfType("object_property")) {
      if (!property || propertyKey(property) !== name) continue;
      const value = property.namedChildren[property.namedChildren.length - 1];
      if (value && property.namedChildren.length > 1) found.push({ file: where, node: value });
    }
    for (const object of root.descendantsOfType("object")) {
      if (!object) continue;
      const entryName = propertyValue(object, "name");
      const value = propertyValue(object, "value");
      if (entryName?.type === "string" && entryName.text === `'${name}'` && value) {
        found.push({ file: where, node: value });
      }
    }
  };
  search(file, file.tree.rootNode);
  for (const frame of resolver.callersOf(file)) {
    if (frame.module.body) search(frame.caller, frame.module.body);
  }
  return found;
}
