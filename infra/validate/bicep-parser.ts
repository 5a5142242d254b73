// Bicep syntax trees from the tree-sitter-bicep grammar, run as WebAssembly (web-tree-sitter): no native
// build and no Bicep CLI download, so the lint works offline. The grammar lags the Bicep language a little
// (typed variables, `resourceInput<>` types produce ERROR nodes), so project Bicep sticks to the syntax
// it knows.
import { createRequire } from "node:module";
import { Language, type Node, Parser, type Tree } from "web-tree-sitter";

export type { Node, Tree };

export interface BicepParser {
  parse(source: string): Tree;
}

let loading: Promise<BicepParser> | undefined;

/** One parser per process: loading the wasm grammar is the slow part. */
export function loadBicepParser(): Promise<BicepParser> {
  loading ??= createParser();
  return loading;
}

async function createParser(): Promise<BicepParser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-bicep/tree-sitter-bicep.wasm"));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source: string): Tree {
      const tree = parser.parse(source);
      if (tree === null) throw new Error("tree-sitter returned no tree");
      return tree;
    },
  };
}
