// azure.yaml against azd's own JSON schema (draft 2019-09), vendored with its remote $refs pruned.
import { readFileSync } from "node:fs";
import { Ajv2019, type ErrorObject } from "ajv/dist/2019.js";
import addFormatsModule from "ajv-formats";
import type { Finding } from "../findings.js";
import { type Project, yamlLine } from "../project.js";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2019) => Ajv2019;

const schemaUrl = new URL("../schemas/azure.yaml.schema.json", import.meta.url);

let validateSchema: ReturnType<Ajv2019["compile"]> | undefined;

function compiled(): ReturnType<Ajv2019["compile"]> {
  if (!validateSchema) {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validateSchema = ajv.compile(JSON.parse(readFileSync(schemaUrl, "utf8")));
  }
  return validateSchema;
}

function pathSegments(instancePath: string): string[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(root)" : error.instancePath;
  const extra =
    error.keyword === "additionalProperties"
      ? ` '${String((error.params as { additionalProperty?: unknown }).additionalProperty)}'`
      : error.keyword === "enum"
        ? ` (${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")})`
        : "";
  return `${where} ${error.message ?? "is invalid"}${extra}`;
}

export function checkAzureYamlSchema(project: Project): Finding[] {
  const azureYaml = project.azureYaml;
  if (!azureYaml) {
    return [{ file: "azure.yaml", line: 1, rule: "azure-yaml-schema", message: "azure.yaml is missing" }];
  }
  if (azureYaml.document.errors.length > 0) {
    return azureYaml.document.errors.map((error) => ({
      file: azureYaml.path,
      line: error.linePos?.[0]?.line ?? 1,
      rule: "azure-yaml-schema" as const,
      message: `YAML syntax: ${error.code}`,
    }));
  }
  const validate = compiled();
  if (validate(azureYaml.value)) return [];
  // `if/then` wrappers repeat the real error; keep the specific ones.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== "if");
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of errors) {
    const message = describe(error);
    if (seen.has(message)) continue;
    seen.add(message);
    findings.push({
      file: azureYaml.path,
      line: yamlLine(azureYaml, pathSegments(error.instancePath)),
      rule: "azure-yaml-schema",
      message,
    });
  }
  return findings;
}
