// Calls to the project's own modules must pass exactly the parameters the module declares: a missing
// required one or a misspelled one is otherwise only found by the Bicep compiler.
import { dirname, join, normalize } from "node:path/posix";
import { lineOf, propertyKey } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

export function checkModuleParams(project: Project): Finding[] {
  const byPath = new Map(project.bicepFiles.map((file) => [file.path, file]));
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const module of file.modules) {
      if (!module.path.startsWith("./") && !module.path.startsWith("../")) continue;
      const target = normalize(join(dirname(file.path), module.path));
      const callee = byPath.get(target);
      if (!callee) {
        findings.push({
          file: file.path,
          line: module.line,
          rule: "module-params",
          message: `module '${module.symbol}' refers to ${module.path}, which does not exist`,
        });
        continue;
      }
      const passed = new Map<string, number>();
      for (const property of module.params?.namedChildren ?? []) {
        if (property?.type !== "object_property") continue;
        const key = propertyKey(property);
        if (key) passed.set(key, lineOf(property));
      }
      const declared = new Set(callee.params.map((param) => param.name));
      for (const [name, line] of passed) {
        if (!declared.has(name)) {
          findings.push({
            file: file.path,
            line,
            rule: "module-params",
            message: `module '${module.symbol}' passes '${name}', which ${callee.path} does not declare`,
          });
        }
      }
      for (const param of callee.params) {
        if (!param.hasDefault && !passed.has(param.name)) {
          findings.push({
            file: file.path,
            line: module.line,
            rule: "module-params",
            message: `module '${module.symbol}' does not pass required parameter '${param.name}' of ${callee.path}`,
          });
        }
      }
    }
  }
  return findings;
}
