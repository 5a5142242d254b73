// The worker's Voice Live pool must match the AI Services accounts the template deploys, however many:
// - every account gives the media worker's identity a role on it (a resource it cannot use is a resource
//   that refuses every call sent there);
// - the worker's settings name every account: with accounts deployed in a loop (voiceLiveResourceCount),
//   VOICE_LIVE_ENDPOINTS, built from the collection that loop iterates, not VOICE_LIVE_ENDPOINT or a
//   fixed index (a resource the pool does not know carries nothing);
// - every copy of a looped account gets its own name (the same name N times is one account);
// - the regions an account may be placed in offer Voice Live with gpt-realtime and the HD voices
//   (infra/hooks/regions.ts): the @allowed values of a parameter, or the keys of an object the region is
//   looked up in.
import { missingServices } from "../../hooks/regions.js";
import { type BicepFile, lineOf, propertyPath, propertyValue } from "../bicep-model.js";
import type { Node } from "../bicep-parser.js";
import type { Finding } from "../findings.js";
import { type Instance, intersects, type Origin, settingValues } from "../origins.js";
import type { Project } from "../project.js";
import { type AppResource, appFacts } from "./app-resources.js";

const ACCOUNT = "microsoft.cognitiveservices/accounts@";
const ROLE_ASSIGNMENT = "microsoft.authorization/roleassignments@";

/** A declaration deployed once per item of a collection. */
interface Loop {
  /** The collection expression (`range(0, n)`, a variable, …). */
  iterable: Node;
  /** The item and index names (`account`, `i`). */
  variables: string[];
}

export function checkVoiceLivePool(project: Project): Finding[] {
  const facts = appFacts(project);
  const { resolver } = facts;
  const workers = facts.apps.filter((app) => app.host === "containerapp");
  const identities = new Set<Origin>();
  for (const worker of workers)
    for (const origin of facts.identities.get(worker) ?? []) identities.add(origin);
  const findings = new Map<string, Finding>();
  const add = (finding: Finding) =>
    findings.set(`${finding.file}:${finding.line}:${finding.message}`, finding);

  for (const file of project.bicepFiles) {
    for (const account of file.resources) {
      if (account.existing || !account.type.toLowerCase().startsWith(ACCOUNT)) continue;
      for (const instance of resolver.instancesOf(file)) {
        const self = resolver.origins(file, symbolNode(file, account.symbol), instance);
        // 1. The worker's role on it.
        if (identities.size > 0) {
          const granted = file.resources.some((role) => {
            if (role.existing || !role.type.toLowerCase().startsWith(ROLE_ASSIGNMENT)) return false;
            const scope = resolver.origins(file, propertyValue(role.body, "scope"), instance);
            const principal = resolver.origins(
              file,
              propertyPath(role.body, ["properties", "principalId"]),
              instance,
            );
            return intersects(scope, self) !== undefined && intersects(principal, identities) !== undefined;
          });
          if (!granted) {
            add({
              file: file.path,
              line: account.line,
              rule: "voice-live-pool",
              message: `Voice Live account '${account.symbol}' gives the media worker's identity no role; every call the pool sends there would be refused (grant Cognitive Services User scoped to it)`,
            });
          }
        }
        // 2.–4. Where it is deployed once per item of a collection: the module call or the resource itself.
        const looped = loopedDeclaration(file, account.symbol, instance);
        for (const worker of workers) {
          checkListed(worker, file, account.symbol, self, looped, add);
        }
        if (looped) checkNames(looped, add);
        checkRegions(looped, file, account.symbol, add);
      }
    }
  }
  return [...findings.values()];

  function checkListed(
    worker: AppResource,
    accountFile: BicepFile,
    accountSymbol: string,
    self: Set<Origin>,
    looped: LoopedDeclaration | undefined,
    report: (finding: Finding) => void,
  ): void {
    const pool = settingValues(resolver, worker.file, "VOICE_LIVE_ENDPOINTS");
    const single = settingValues(resolver, worker.file, "VOICE_LIVE_ENDPOINT");
    if (looped) {
      if (pool.length === 0) {
        const at = single[0];
        report({
          file: at?.file.path ?? worker.file.path,
          line: at ? lineOf(at.node) : worker.line,
          rule: "voice-live-pool",
          message: `'${looped.symbol}' deploys a Voice Live account per item of ${looped.loop.iterable.text}, but service '${worker.service}' is given one endpoint (VOICE_LIVE_ENDPOINT); list them all in VOICE_LIVE_ENDPOINTS, built from that collection`,
        });
        return;
      }
      const collection = reach(looped.file, looped.loop.iterable, []);
      for (const value of pool) {
        const used = reach(value.file, value.node, []);
        const fromCollection =
          value.file === looped.file &&
          ([...collection.variables].some((name) => used.variables.has(name)) ||
            (used.symbols.has(looped.symbol) && !indexesLiterally(value.node, looped.symbol)));
        if (fromCollection) continue;
        report({
          file: value.file.path,
          line: lineOf(value.node),
          rule: "voice-live-pool",
          message: `VOICE_LIVE_ENDPOINTS of service '${worker.service}' is not built from ${looped.loop.iterable.text}, which '${looped.symbol}' deploys a Voice Live account for each item of: an account it adds would be missing from the pool`,
        });
      }
      return;
    }
    // One account: a setting that names it (through the account, its module's outputs or its name).
    const values = [...pool, ...single];
    const named = values.some((value) => {
      const used = reach(value.file, value.node, []);
      const origins = resolver.originsEverywhere(value.file, value.node);
      return intersects(origins, self) !== undefined || used.symbols.size > 0;
    });
    if (!named) {
      report({
        file: accountFile.path,
        line: accountFile.resources.find((r) => r.symbol === accountSymbol)?.line ?? 1,
        rule: "voice-live-pool",
        message: `no VOICE_LIVE_ENDPOINTS or VOICE_LIVE_ENDPOINT of service '${worker.service}' names Voice Live account '${accountSymbol}'`,
      });
    }
  }

  function checkRegions(
    looped: LoopedDeclaration | undefined,
    file: BicepFile,
    accountSymbol: string,
    report: (finding: Finding) => void,
  ): void {
    // The location as the outermost caller writes it: the looped module's parameter, else the resource's.
    const place = looped
      ? { file: looped.file, node: looped.location, loops: [looped.loop] }
      : {
          file,
          node: propertyValue(file.resources.find((r) => r.symbol === accountSymbol)?.body, "location"),
          loops: [],
        };
    if (!place.node) return;
    const used = reach(place.file, place.node, place.loops);
    const regions: { where: BicepFile; line: number; region: string; source: string }[] = [];
    for (const name of used.variables) {
      const variable = place.file.variables.find((v) => v.name === name);
      if (variable?.value.type !== "object") continue;
      for (const property of variable.value.namedChildren) {
        if (property?.type !== "object_property") continue;
        const key = property.namedChildren[0];
        const region = key?.type === "string" ? key.text.replace(/'/g, "") : key?.text;
        if (region)
          regions.push({ where: place.file, line: lineOf(property), region, source: `variable '${name}'` });
      }
    }
    for (const name of used.params) {
      const param = place.file.params.find((p) => p.name === name);
      for (const region of param?.allowed ?? []) {
        regions.push({ where: place.file, line: param?.line ?? 1, region, source: `parameter '${name}'` });
      }
    }
    for (const { where, line, region, source } of regions) {
      const missing = missingServices(region).filter((s) => s === "voiceLiveGptRealtime" || s === "hdVoices");
      if (missing.length === 0) continue;
      report({
        file: where.path,
        line,
        rule: "voice-live-pool",
        message: `${source} lets a Voice Live account go to '${region}', which lacks ${missing.map((s) => (s === "voiceLiveGptRealtime" ? "Voice Live with gpt-realtime" : "the HD voices")).join(" and ")} (infra/hooks/regions.ts); a call moved there could not go on`,
      });
    }
  }

  function checkNames(looped: LoopedDeclaration, report: (finding: Finding) => void): void {
    if (!looped.name) return;
    const ownLoop = new Set(looped.loop.variables);
    const names = identifiersIn(looped.name);
    if (names.some((name) => ownLoop.has(name))) {
      // Through the item: the collection's own for-body must vary the name with its index.
      const item = looped.loop.variables[0];
      const byIndex = looped.loop.variables.slice(1);
      if (names.some((name) => byIndex.includes(name)) || !names.includes(item ?? "")) return;
      const collection = looped.file.variables.find((v) => v.name === looped.loop.iterable.text);
      const body = collection?.value.type === "for_statement" ? collection.value : undefined;
      if (!body) return;
      const index = body.namedChildren[0]?.type === "identifier" ? body.namedChildren[0].text : undefined;
      const object = body.namedChildren.find((child) => child?.type === "object") ?? undefined;
      const itemName = propertyValue(object, "name");
      if (index && itemName && identifiersIn(itemName).includes(index)) return;
    }
    report({
      file: looped.file.path,
      line: lineOf(looped.name),
      rule: "voice-live-pool",
      message: `every copy of '${looped.symbol}' gets the same account name, so the loop deploys one Voice Live account, not one per item; put the loop's index in the name`,
    });
  }
}

interface LoopedDeclaration {
  file: BicepFile;
  symbol: string;
  loop: Loop;
  /** The name given to each copy (the module's `name` parameter, or the resource's `name`). */
  name: Node | undefined;
  location: Node | undefined;
}

/** The module call (outermost first) or the resource itself that is deployed in a loop, if any. */
function loopedDeclaration(
  file: BicepFile,
  symbol: string,
  instance: Instance,
): LoopedDeclaration | undefined {
  for (const frame of instance) {
    const loop = loopOf(frame.caller, frame.module.symbol);
    if (loop) {
      return {
        file: frame.caller,
        symbol: frame.module.symbol,
        loop,
        name: propertyValue(frame.module.params, "name"),
        location: propertyValue(frame.module.params, "location"),
      };
    }
  }
  const loop = loopOf(file, symbol);
  if (!loop) return undefined;
  const body = file.resources.find((r) => r.symbol === symbol)?.body;
  return { file, symbol, loop, name: propertyValue(body, "name"), location: propertyValue(body, "location") };
}

function loopOf(file: BicepFile, symbol: string): Loop | undefined {
  for (const declaration of file.tree.rootNode.namedChildren) {
    if (declaration?.type !== "module_declaration" && declaration?.type !== "resource_declaration") continue;
    if (declaration.namedChildren[0]?.text !== symbol) continue;
    const forNode = declaration.namedChildren.find((child) => child?.type === "for_statement");
    if (!forNode) return undefined;
    const parameters = forNode.namedChildren.find((child) => child?.type === "for_loop_parameters");
    const variables = parameters
      ? parameters.namedChildren.filter((child): child is Node => child !== null).map((child) => child.text)
      : [forNode.namedChildren[0]?.text ?? ""];
    const iterable = forNode.namedChildren.find(
      (child, index) =>
        child !== null && index > 0 && child.type !== "for_loop_parameters" && child.type !== "object",
    );
    return iterable ? { iterable, variables } : undefined;
  }
  return undefined;
}

function symbolNode(file: BicepFile, symbol: string): Node | undefined {
  for (const declaration of file.tree.rootNode.namedChildren) {
    if (declaration?.type === "resource_declaration" && declaration.namedChildren[0]?.text === symbol) {
      return declaration.namedChildren[0] ?? undefined;
    }
  }
  return undefined;
}

/** The names an expression refers to (object keys are not references). */
function identifiersIn(node: Node): string[] {
  const found = node.type === "identifier" ? [node] : node.descendantsOfType("identifier");
  return found
    .filter((n): n is Node => n !== null)
    .filter(
      (n) =>
        !(n.parent?.type === "object_property" && n.parent.namedChildren[0]?.startIndex === n.startIndex),
    )
    .map((n) => n.text);
}

/**
 * What an expression in `file` depends on: variables (followed into their values), parameters and
 * resource or module symbols; a loop's item or index stands for the collection the loop iterates.
 */
function reach(
  file: BicepFile,
  node: Node,
  loops: Loop[],
  seen = { variables: new Set<string>(), params: new Set<string>(), symbols: new Set<string>() },
): { variables: Set<string>; params: Set<string>; symbols: Set<string> } {
  for (const name of identifiersIn(node)) {
    const loop = loops.find((candidate) => candidate.variables.includes(name));
    if (loop) {
      reach(file, loop.iterable, [], seen);
      continue;
    }
    if (file.params.some((param) => param.name === name)) {
      seen.params.add(name);
      continue;
    }
    const variable = file.variables.find((candidate) => candidate.name === name);
    if (variable) {
      if (seen.variables.has(name)) continue;
      seen.variables.add(name);
      reach(file, variable.value, [], seen);
      continue;
    }
    if (file.modules.some((m) => m.symbol === name) || file.resources.some((r) => r.symbol === name)) {
      seen.symbols.add(name);
    }
  }
  return seen;
}

/** `voiceLive[0]`: a fixed copy of a looped declaration, which names one account of N. */
function indexesLiterally(node: Node, symbol: string): boolean {
  const expressions = [node, ...node.descendantsOfType("subscript_expression")].filter(
    (n): n is Node => n !== null,
  );
  return expressions.some(
    (expression) =>
      expression.type === "subscript_expression" &&
      expression.namedChildren[0]?.text === symbol &&
      expression.namedChildren[1]?.type === "number",
  );
}
