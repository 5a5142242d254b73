// Without an Event Grid subscription filtered to IncomingCall nobody answers the phone; without the filter
// every ACS event (SMS, recordings, chat) would hit the webhook. The subscription is created by a hook
// (after the function exists) or in Bicep; either must include the event type explicitly.
import type { Finding } from "../findings.js";
import type { Project } from "../project.js";

const EVENT_TYPE = "Microsoft.Communication.IncomingCall";
const FILTER = /includedEventTypes\s*:\s*\[[^\]]*['"]Microsoft\.Communication\.IncomingCall['"][^\]]*\]/;

export function checkIncomingCallFilter(project: Project): Finding[] {
  const sources = [
    ...project.hookFiles,
    ...project.bicepFiles.map((file) => ({ path: file.path, text: file.tree.rootNode.text })),
  ];
  if (sources.some((source) => FILTER.test(source.text))) return [];
  const mentioned = sources.find((source) => source.text.includes(EVENT_TYPE));
  return [
    {
      file: mentioned?.path ?? project.hookFiles[0]?.path ?? `${project.infraDir}/hooks`,
      line: mentioned ? mentioned.text.slice(0, mentioned.text.indexOf(EVENT_TYPE)).split("\n").length : 1,
      rule: "incoming-call-filter",
      message: mentioned
        ? `'${EVENT_TYPE}' is mentioned but no event subscription filter has includedEventTypes: ['${EVENT_TYPE}']`
        : `no Event Grid subscription with includedEventTypes: ['${EVENT_TYPE}'] in ${project.infraDir}/hooks or the Bicep`,
    },
  ];
}
