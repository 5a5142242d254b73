// A container app's current image must be read in a module of its own (modules/fetch-container-image.bicep,
// as azd's scaffold does), not through an `existing` reference to the app the same file deploys: in one
// template ARM resolves that reference against the deployment of the app itself.

import { propertyValue } from "../bicep-model.js";
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const CONTAINER_APP = "microsoft.app/containerapps@";

export function checkImageLookup(project: Project): Finding[] {
  const findings: Finding[] = [];
  for (const file of project.bicepFiles) {
    const apps = file.resources.filter((r) => r.type.toLowerCase().startsWith(CONTAINER_APP));
    const nameOf = (body: (typeof apps)[number]["body"]) => propertyValue(body, "name")?.text;
    for (const lookup of apps.filter((r) => r.existing)) {
      const deployed = apps.find((r) => !r.existing && nameOf(r.body) === nameOf(lookup.body));
      if (!deployed || nameOf(lookup.body) === undefined) continue;
      findings.push({
        file: file.path,
        line: lookup.line,
        rule: "image-lookup",
        message: `'${lookup.symbol}' reads the container app '${deployed.symbol}' that this file deploys; read its image in a separate module (fetch-container-image.bicep)`,
      });
    }
  }
  return findings;
}
