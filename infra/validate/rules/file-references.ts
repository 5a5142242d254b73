// loadTextContent/loadJsonContent/loadFileAsBase64 read files at compile time; a wrong path only fails in
// `bicep build`, so check that each literal path exists next to the Bicep file that loads it.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { lineOf, stringLiteral } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const LOADERS = new Set(["loadTextContent", "loadJsonContent", "loadYamlContent", "loadFileAsBase64"]);

export function checkFileReferences(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const call of file.tree.rootNode.descendantsOfType("call_expression")) {
      const fn = call?.childForFieldName("function");
      if (!call || !fn || !LOADERS.has(fn.text)) continue;
      const argument = call.childForFieldName("arguments")?.namedChildren[0];
      const path = stringLiteral(argument);
      if (path === undefined) continue;
      if (!existsSync(join(project.rootDir, dirname(file.path), path))) {
        findings.push({
          file: file.path,
          line: lineOf(call),
          rule: "file-references",
          message: `${fn.text}('${path}') refers to a file that does not exist`,
        });
      }
    }
  }
  return findings;
}
