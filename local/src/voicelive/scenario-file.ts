// Scenario files on disk (local/scenarios/*.json).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseScenario, type Scenario, ScenarioError } from "./scenario.js";

/** local/scenarios/default.json, from both src/ (tests) and dist/ (built code). */
export function defaultScenarioPath(): string {
  return fileURLToPath(new URL("../../scenarios/default.json", import.meta.url));
}

export function loadScenarioFile(path: string = defaultScenarioPath()): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = error instanceof SyntaxError ? "not valid JSON" : "not readable";
    throw new ScenarioError(`Scenario file ${path} is ${why}`);
  }
  return parseScenario(json);
}
