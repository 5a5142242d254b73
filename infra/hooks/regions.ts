// Which regions offer each regional service the template deploys, as far as the sources below say. It is the
// one table behind three things: main.bicep's `@allowed` list for `location` (the infra lint fails on a listed
// region that lacks a service here), the default voice the postprovision hook seeds, and the region list in
// infra/README.md. A region missing from this table is simply not known to work: add a row only after checking
// every column against its source.

export type RegionalService =
  | "flexConsumption"
  | "containerApps"
  | "voiceLiveGptRealtime"
  | "hdVoices"
  | "webPubSub"
  | "appConfiguration";

/**
 * `documented`: a published per-region list names the region. `assumed`: the service is offered in all large
 * regions but no per-region list was available offline; check with the command in SERVICE_SOURCES.
 */
export type Availability = "documented" | "assumed";

export interface ServiceSource {
  name: string;
  source: string;
  /** How to check a region from a shell, when the source is not a per-region table. */
  check?: string;
}

export const SERVICE_SOURCES: Readonly<Record<RegionalService, ServiceSource>> = {
  flexConsumption: {
    name: "Functions Flex Consumption",
    source:
      "the `@allowed` location list of Azure-Samples/functions-quickstart-typescript-azd infra/main.bicep (commit 157d2ce)",
    check: "az functionapp list-flexconsumption-locations -o table",
  },
  containerApps: {
    name: "Container Apps",
    source:
      "no per-region table offline; the Container Apps FAQ points to the resource provider's location list",
    check:
      "az provider show --namespace Microsoft.App --query \"resourceTypes[?resourceType=='managedEnvironments'].locations\"",
  },
  voiceLiveGptRealtime: {
    name: "Voice Live with gpt-realtime",
    source:
      "learn.microsoft.com/azure/ai-services/speech-service/regions?tabs=voice-live (MicrosoftDocs/azure-ai-docs regions.md, commit 01850fb)",
  },
  hdVoices: {
    name: "Azure Speech HD voices (DragonHD)",
    source:
      "learn.microsoft.com/azure/ai-services/speech-service/regions?tabs=tts, column 'HD voices' (same file and commit)",
  },
  webPubSub: {
    name: "Web PubSub",
    source: "no per-region table offline",
    check:
      "az provider show --namespace Microsoft.SignalRService --query \"resourceTypes[?resourceType=='webPubSub'].locations\"",
  },
  appConfiguration: {
    name: "App Configuration",
    source:
      "learn.microsoft.com/azure/reliability/migrate-app-configuration (regions with App Configuration availability-zone support)",
  },
};

const ALL_SERVICES = Object.keys(SERVICE_SOURCES) as RegionalService[];

type Row = Readonly<Partial<Record<RegionalService, Availability>>>;

const everything: Row = {
  flexConsumption: "documented",
  containerApps: "assumed",
  voiceLiveGptRealtime: "documented",
  hdVoices: "documented",
  webPubSub: "assumed",
  appConfiguration: "documented",
};

/** Regions with Voice Live gpt-realtime (the scarcest service), plus two common ones that lack it. */
export const REGIONS: ReadonlyMap<string, Row> = new Map<string, Row>([
  ["canadacentral", everything],
  ["centralindia", everything],
  ["eastus2", everything],
  ["francecentral", everything],
  ["southeastasia", everything],
  ["swedencentral", everything],
  ["westus2", everything],
  ["australiaeast", { ...everything, hdVoices: undefined }],
  ["centralus", { ...everything, hdVoices: undefined }],
  ["uksouth", { ...everything, hdVoices: undefined }],
  [
    "canadaeast",
    { ...everything, hdVoices: undefined, flexConsumption: undefined, appConfiguration: "assumed" },
  ],
  ["eastus", { ...everything, voiceLiveGptRealtime: undefined }],
  ["westeurope", { ...everything, voiceLiveGptRealtime: undefined }],
]);

/** The services a region lacks (all of them for a region the table does not know). */
export function missingServices(region: string): RegionalService[] {
  const row = REGIONS.get(region.toLowerCase());
  return ALL_SERVICES.filter((service) => row?.[service] === undefined);
}

/** Regions that offer every service. */
export function fullySupportedRegions(): string[] {
  return [...REGIONS.keys()].filter((region) => missingServices(region).length === 0).sort();
}

/** The HD voice the bot speaks with where HD voices exist (the worker's own default too). */
export const HD_VOICE = "en-US-Ava:DragonHDLatestNeural";
/** A standard neural voice of the same persona, offered in every Speech region. */
export const STANDARD_VOICE = "en-US-AvaMultilingualNeural";

/** The voice to seed for a region: the HD voice only where the region offers HD voices. */
export function defaultVoiceFor(region: string): string {
  return REGIONS.get(region.toLowerCase())?.hdVoices ? HD_VOICE : STANDARD_VOICE;
}
