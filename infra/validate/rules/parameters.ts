// main.parameters.json and main.bicep must agree: an unknown name in the parameters file is a deployment
// error, and a required parameter with no value makes azd prompt (or fail in a pipeline).
import type { Finding } from "../findings.js";
import { jsonKeyLine, type Project } from "../project.js";
import { isRecord } from "./services.js";

export function checkParameters(project: Project): Finding[] {
  const main = project.mainBicep;
  const parametersFile = project.parameters;
  const mainPath = `${project.infraDir}/main.bicep`;
  if (!main) return [{ file: mainPath, line: 1, rule: "parameters", message: "main.bicep is missing" }];
  if (!parametersFile) {
    return [
      {
        file: `${project.infraDir}/main.parameters.json`,
        line: 1,
        rule: "parameters",
        message: "main.parameters.json is missing",
      },
    ];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(parametersFile.text);
  } catch (error) {
    return [
      {
        file: parametersFile.path,
        line: 1,
        rule: "parameters",
        message: `not valid JSON (${error instanceof SyntaxError ? error.message : "parse error"})`,
      },
    ];
  }
  const supplied = isRecord(parsed) && isRecord(parsed.parameters) ? parsed.parameters : {};
  const declared = new Map(main.params.map((param) => [param.name, param]));
  const findings: Finding[] = [];
  for (const name of Object.keys(supplied)) {
    if (!declared.has(name)) {
      findings.push({
        file: parametersFile.path,
        line: jsonKeyLine(parametersFile.text, name),
        rule: "parameters",
        message: `'${name}' is not a parameter of ${mainPath}`,
      });
    }
  }
  for (const param of main.params) {
    if (!param.hasDefault && !(param.name in supplied)) {
      findings.push({
        file: main.path,
        line: param.line,
        rule: "parameters",
        message: `required parameter '${param.name}' has no default and no value in ${parametersFile.path}`,
      });
    }
  }
  return findings;
}
