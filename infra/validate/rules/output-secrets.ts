// Deployment outputs are stored in plain text (the deployment history, azd's .azure/<env>/.env), so no
// output may carry a key, connection string or secure parameter. The services use Entra ID instead.
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const SECRET_NAME =
  /(connectionstring|accesskey|apikey|accountkey|sharedkey|primarykey|secondarykey|masterkey|password|secret|sastoken|credential|token|key|keys)$/;
const SECRET_VALUE: Array<[RegExp, string]> = [
  [/\blist[A-Za-z]*\s*\(/, "calls a list*() function (keys, connection strings, secrets)"],
  [/connectionstring/i, "reads a connection string"],
  [/(primary|secondary)(master|shared|access)?key/i, "reads an access key"],
  [/accountkey=|sharedaccesskey=|accesskey=/i, "contains a key in a connection-string literal"],
];

export function checkOutputSecrets(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    const secureParams = new Set(file.params.filter((param) => param.secure).map((param) => param.name));
    for (const output of file.outputs) {
      const problems: string[] = [];
      const normalized = output.name.toLowerCase().replace(/[^a-z0-9]/g, "");
      if (SECRET_NAME.test(normalized)) problems.push("its name says it holds a secret");
      for (const [pattern, why] of SECRET_VALUE)
        if (pattern.test(output.value.text)) problems.push(`its value ${why}`);
      const identifiers = [output.value, ...output.value.descendantsOfType("identifier")];
      const leaked = identifiers.find((node) => node?.type === "identifier" && secureParams.has(node.text));
      if (leaked) problems.push(`its value uses the @secure() parameter '${leaked.text}'`);
      if (problems.length > 0) {
        findings.push({
          file: file.path,
          line: output.line,
          rule: "output-secrets",
          message: `output '${output.name}' may expose a secret: ${problems.join("; ")}`,
        });
      }
    }
  }
  return findings;
}
