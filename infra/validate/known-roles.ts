// Built-in Azure role definition ids the templates may grant, with their names. A role id that is not in
// this table is almost always a typo or a mislabelled role (the voice-agent accelerator labels the
// "Cognitive Services OpenAI User" id as "Cognitive Services User"); add a row only after checking the id
// against `az role definition list --name "<name>"`.
export const KNOWN_ROLES: ReadonlyMap<string, string> = new Map([
  ["acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader"],
  ["b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"],
  ["a97b65f3-24c7-4388-baec-2e87135dc908", "Cognitive Services User"],
  ["5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "Cognitive Services OpenAI User"],
  ["53ca6127-db72-4b80-b1b0-d745d6d5456d", "Azure AI User"],
  ["09976791-48a7-449e-bb21-39d1a415f350", "Communication and Email Service Owner"],
  ["12cf5a90-567b-43ae-8102-96cf46c7d9b4", "Web PubSub Service Owner"],
  ["516239f1-63e1-4d78-a4de-a74fb236a071", "App Configuration Data Reader"],
  ["5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b", "App Configuration Data Owner"],
  ["7f951dda-4ed3-4680-a7ca-43fe172d538d", "AcrPull"],
  ["3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher"],
  ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner"],
  ["ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor"],
  ["974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor"],
  ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor"],
]);

/** azd hosts this project deploys to, and the resource each one's `azd-service-name` tag must sit on. */
export const KNOWN_HOSTS: ReadonlyMap<string, readonly string[]> = new Map([
  ["function", ["Microsoft.Web/sites", "br/public:avm/res/web/site"]],
  ["appservice", ["Microsoft.Web/sites", "br/public:avm/res/web/site"]],
  ["containerapp", ["Microsoft.App/containerApps", "br/public:avm/res/app/container-app"]],
  ["staticwebapp", ["Microsoft.Web/staticSites", "br/public:avm/res/web/static-site"]],
  [
    "aks",
    ["Microsoft.ContainerService/managedClusters", "br/public:avm/res/container-service/managed-cluster"],
  ],
]);
