// `npm run lint:infra [-- <repo root>]`: the offline infra lint. Prints `file:line: rule: message` per
// finding and exits 1 when there is any. What it cannot prove is listed in infra/README.md.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatFinding } from "./findings.js";
import { validateInfra } from "./validate.js";

const defaultRoot = fileURLToPath(new URL("../..", import.meta.url));
const rootDir = resolve(process.argv[2] ?? defaultRoot);

const { findings, bicepFiles } = await validateInfra(rootDir);
for (const finding of findings) console.error(formatFinding(finding));
if (findings.length > 0) {
  console.error(`lint:infra: ${findings.length} problem(s)`);
  process.exitCode = 1;
} else {
  console.log(`lint:infra: azure.yaml and ${bicepFiles.length} Bicep files pass (offline checks only)`);
}
