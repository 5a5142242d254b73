// Prints the closing line CI is judged by, from vitest's own JSON report (never hard-coded).
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "out/test-results.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`cannot read the vitest report ${file}: ${error.message}`);
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}

const passed = report.numPassedTests ?? 0;
// A test file that fails to load has no test results of its own; count it as a failure.
const failedSuites = (report.testResults ?? []).filter(
  (suite) => suite.status === "failed" && (suite.assertionResults ?? []).length === 0,
).length;
const failed = (report.numFailedTests ?? 0) + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);

console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
