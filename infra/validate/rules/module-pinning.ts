// Registry modules must name an exact version: `br/public:avm/res/x/y:0.4.1`. Without one (or with a
// floating tag) a redeploy can silently pick up a module with different parameters.
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const PINNED = /^br(?:\/[\w.-]+|:[\w.-]+)[:/][\w./-]+:\d+\.\d+\.\d+$/;

export function checkModulePinning(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    for (const module of file.modules) {
      if (!module.path.startsWith("br")) continue;
      if (!PINNED.test(module.path)) {
        findings.push({
          file: file.path,
          line: module.line,
          rule: "module-pinning",
          message: `module '${module.symbol}' (${module.path}) is not pinned to a version like ':1.2.3'`,
        });
      }
    }
  }
  return findings;
}
