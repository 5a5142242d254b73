// Everything the rules look at, read once from a repository checkout: azure.yaml, the Bicep files and the
// parameters file of the infra folder azure.yaml names, and the hook scripts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { type Document, LineCounter, parseDocument } from "yaml";
import { type BicepFile, readBicepFile } from "./bicep-model.js";
import type { BicepParser } from "./bicep-parser.js";

export interface TextFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  text: string;
}

export interface AzureYaml extends TextFile {
  document: Document;
  lineCounter: LineCounter;
  value: unknown;
}

export interface Project {
  rootDir: string;
  azureYaml: AzureYaml | undefined;
  /** The infra folder azure.yaml points at (default `infra`), repository-relative. */
  infraDir: string;
  /** `<infraDir>/main.bicep`, or undefined when it does not exist. */
  mainBicep: BicepFile | undefined;
  bicepFiles: BicepFile[];
  parameters: TextFile | undefined;
  /** TypeScript/JavaScript files under `<infraDir>/hooks`. */
  hookFiles: TextFile[];
}

/** Folders the Bicep walk skips: tooling, not deployment code (the lint's own broken fixtures live here). */
const SKIPPED_DIRS = new Set(["node_modules", "validate", ".azure", "dist"]);

export function toRepoPath(rootDir: string, absolutePath: string): string {
  return relative(rootDir, absolutePath).split(sep).join("/");
}

function walk(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...walk(full, accept));
    } else if (accept(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

function readText(rootDir: string, absolutePath: string): TextFile {
  return { path: toRepoPath(rootDir, absolutePath), text: readFileSync(absolutePath, "utf8") };
}

function readAzureYaml(rootDir: string): AzureYaml | undefined {
  const path = join(rootDir, "azure.yaml");
  if (!existsSync(path)) return undefined;
  const file = readText(rootDir, path);
  const lineCounter = new LineCounter();
  const document = parseDocument(file.text, { lineCounter, prettyErrors: false });
  return { ...file, document, lineCounter, value: document.toJS() };
}

function infraDirOf(azureYaml: AzureYaml | undefined): string {
  const value = azureYaml?.value;
  if (value && typeof value === "object" && "infra" in value) {
    const infra = (value as { infra?: { path?: unknown } }).infra;
    if (infra && typeof infra.path === "string") return infra.path.replace(/^\.\//, "").replace(/\/+$/, "");
  }
  return "infra";
}

export function loadProject(rootDir: string, parser: BicepParser): Project {
  const azureYaml = readAzureYaml(rootDir);
  const infraDir = infraDirOf(azureYaml);
  const infraAbsolute = join(rootDir, infraDir);
  const bicepFiles = walk(infraAbsolute, (name) => name.endsWith(".bicep")).map((absolute) => {
    const file = readText(rootDir, absolute);
    return readBicepFile(file.path, parser.parse(file.text));
  });
  const parametersPath = join(infraAbsolute, "main.parameters.json");
  return {
    rootDir,
    azureYaml,
    infraDir,
    mainBicep: bicepFiles.find((file) => file.path === `${infraDir}/main.bicep`),
    bicepFiles,
    parameters: existsSync(parametersPath) ? readText(rootDir, parametersPath) : undefined,
    hookFiles: walk(join(infraAbsolute, "hooks"), (name) => /\.(ts|mts|js|mjs)$/.test(name)).map((absolute) =>
      readText(rootDir, absolute),
    ),
  };
}

/** 1-based line of a YAML node at `path` (keys and indexes), or of the nearest existing parent. */
export function yamlLine(azureYaml: AzureYaml, path: readonly (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = azureYaml.document.getIn(path.slice(0, depth), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node && typeof node === "object" && Array.isArray(node.range)) {
      return azureYaml.lineCounter.linePos(node.range[0]).line;
    }
  }
  return 1;
}

/** 1-based line where `"key"` first appears in a JSON text (1 when absent). */
export function jsonKeyLine(text: string, key: string): number {
  const index = text.indexOf(`"${key}"`);
  return index < 0 ? 1 : text.slice(0, index).split("\n").length;
}
