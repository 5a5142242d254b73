// Any ERROR or MISSING node in a tree-sitter-bicep parse is a syntax error (or syntax the grammar does not
// know yet, which the project avoids so that this check stays meaningful).

import { lineOf } from "../bicep-model.js";
import type { Node } from "../bicep-parser.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

function collect(node: Node, out: Node[]): void {
  if (node.isMissing || node.isError) {
    out.push(node);
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) collect(child, out);
}

function excerpt(text: string): string {
  const line = text.split("\n")[0]?.trim() ?? "";
  return line.length > 50 ? `${line.slice(0, 50)}…` : line;
}

export function checkBicepSyntax(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    const bad: Node[] = [];
    collect(file.tree.rootNode, bad);
    for (const node of bad) {
      findings.push({
        file: file.path,
        line: lineOf(node),
        rule: "bicep-syntax",
        message: node.isMissing
          ? `missing ${node.type} (incomplete expression)`
          : `unexpected syntax near '${excerpt(node.text)}'`,
      });
    }
  }
  return findings;
}
