// The Voice Live resources a worker may use (VOICE_LIVE_ENDPOINTS, or the single VOICE_LIVE_ENDPOINT):
// where each one is, which model it serves, its share of new calls and the budget the worker keeps on it.
// Pure: parsing and validation only; the pool (voice-live-pool.ts) puts them to use.

/** Voice Live API version the worker speaks (the dated dialect of research/voicelive.md). */
export const VOICE_LIVE_API_VERSION = "2026-04-10";

/** One Azure AI Services resource (S0 quota: 30 new connections and 120,000 tokens a minute). */
export const S0_CONNECTIONS_PER_MINUTE = 30;
export const S0_TOKENS_PER_MINUTE = 120_000;
const MAX_ENDPOINTS = 16;
const MAX_WEIGHT = 100;

export interface VoiceLiveEndpoint {
  /** Short and stable: metrics, logs and the rows of the shared budget ledger carry it. */
  name: string;
  /** wss://…/voice-live/realtime?api-version=…&model=… (ws:// for the local emulator). */
  realtimeUrl: string;
  model: string;
  /**
   * Share of new connections relative to the other endpoints; 0: a standby, used only when no weighted
   * endpoint can take a connection.
   */
  weight: number;
  /** The worker's budget on this resource over every replica: new connections per minute. */
  connectionsPerMinute: number;
  /** The worker's budget on this resource over every replica: tokens per minute. */
  tokensPerMinute: number;
  /** This resource's own API key; undefined: VOICE_LIVE_API_KEY, else Microsoft Entra ID. */
  apiKey: string | undefined;
}

export type EndpointsResult =
  | { ok: true; endpoints: VoiceLiveEndpoint[] }
  | { ok: false; problems: string[] };

const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const SETTING_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const OPTIONS = ["model", "weight", "connectionsPerMinute", "tokensPerMinute", "apiKeySetting"] as const;
type OptionName = (typeof OPTIONS)[number];

/**
 * `VOICE_LIVE_ENDPOINTS`: entries separated by commas or new lines, each `[name=]url[;option=value…]`
 * with the options `model`, `weight` (0–100, default 1), `connectionsPerMinute` (default 30),
 * `tokensPerMinute` (default 120000) and `apiKeySetting` (the name of another setting that holds this
 * resource's key, so that keys stay in secret settings of their own). Problems name the entry by its
 * position and the option, never a value.
 */
export function parseVoiceLiveEndpoints(
  text: string,
  defaults: { model: string; apiKey: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): EndpointsResult {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return { ok: false, problems: ["VOICE_LIVE_ENDPOINTS names no endpoint"] };
  if (entries.length > MAX_ENDPOINTS) {
    return { ok: false, problems: [`VOICE_LIVE_ENDPOINTS names more than ${MAX_ENDPOINTS} endpoints`] };
  }
  const problems: string[] = [];
  const endpoints: VoiceLiveEndpoint[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry, `VOICE_LIVE_ENDPOINTS entry ${index + 1}`, defaults, env);
    if (parsed.ok) endpoints.push(parsed.endpoint);
    else problems.push(...parsed.problems);
  });
  const seen = new Set<string>();
  for (const endpoint of endpoints) {
    if (seen.has(endpoint.name)) {
      problems.push(
        `VOICE_LIVE_ENDPOINTS names '${endpoint.name}' twice; give each endpoint its own name (name=url)`,
      );
    }
    seen.add(endpoint.name);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, endpoints };
}

/** The single-endpoint settings (VOICE_LIVE_ENDPOINT, VOICE_LIVE_MODEL) as a pool of one. */
export function singleEndpoint(
  url: string,
  defaults: { model: string; apiKey: string | undefined },
): VoiceLiveEndpoint {
  return {
    name: defaultName(new URL(url)),
    realtimeUrl: voiceLiveRealtimeUrl(url, defaults.model),
    model: defaults.model,
    weight: 1,
    connectionsPerMinute: S0_CONNECTIONS_PER_MINUTE,
    tokensPerMinute: S0_TOKENS_PER_MINUTE,
    apiKey: defaults.apiKey,
  };
}

function parseEntry(
  entry: string,
  label: string,
  defaults: { model: string; apiKey: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; endpoint: VoiceLiveEndpoint } | { ok: false; problems: string[] } {
  const [head = "", ...optionTexts] = entry.split(";").map((part) => part.trim());
  const named = /^([^=:/]+)=(.+)$/.exec(head);
  const urlText = (named ? named[2] : head)?.trim() ?? "";
  const problems: string[] = [];
  const urlProblem = endpointUrlProblem(urlText);
  if (urlProblem) return { ok: false, problems: [`${label}: the endpoint ${urlProblem}`] };
  const url = new URL(urlText);
  const name = named?.[1]?.trim() ?? defaultName(url);
  if (!NAME.test(name)) {
    problems.push(`${label}: the name must be letters, digits and hyphens (at most 40)`);
  }
  const options: Partial<Record<OptionName, string>> = {};
  for (const option of optionTexts.filter((text) => text !== "")) {
    const match = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(option);
    const key = OPTIONS.find((known) => known === match?.[1]);
    if (!match || key === undefined) {
      problems.push(`${label}: unknown option (expected ${OPTIONS.join(", ")})`);
      continue;
    }
    options[key] = (match[2] ?? "").trim();
  }
  const model = options.model || defaults.model;
  const weight = integerOption(options.weight, 1, 0, MAX_WEIGHT, `${label}: weight`, problems);
  const connectionsPerMinute = integerOption(
    options.connectionsPerMinute,
    S0_CONNECTIONS_PER_MINUTE,
    1,
    100_000,
    `${label}: connectionsPerMinute`,
    problems,
  );
  const tokensPerMinute = integerOption(
    options.tokensPerMinute,
    S0_TOKENS_PER_MINUTE,
    1_000,
    1_000_000_000,
    `${label}: tokensPerMinute`,
    problems,
  );
  let apiKey = defaults.apiKey;
  if (options.apiKeySetting !== undefined) {
    const setting = options.apiKeySetting;
    if (!SETTING_NAME.test(setting)) {
      problems.push(`${label}: apiKeySetting must be the name of a setting (A-Z, digits, _)`);
    } else {
      apiKey = env[setting]?.trim() || undefined;
      if (apiKey === undefined) problems.push(`${label}: apiKeySetting names ${setting}, which is not set`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    endpoint: {
      name,
      realtimeUrl: voiceLiveRealtimeUrl(urlText, model),
      model,
      weight,
      connectionsPerMinute,
      tokensPerMinute,
      apiKey,
    },
  };
}

function integerOption(
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  label: string,
  problems: string[],
): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${label} must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return parsed;
}

/** Why a Voice Live endpoint URL is unusable ("must …", to follow its setting's name), or undefined. */
export function endpointUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an https, http, wss or ws URL";
  }
  if (!["https:", "http:", "wss:", "ws:"].includes(url.protocol)) {
    return "must be an https, http, wss or ws URL";
  }
  // Keys and tokens never travel unencrypted: plain http/ws is for the local emulators on loopback only.
  if ((url.protocol === "http:" || url.protocol === "ws:") && !isLoopback(url.hostname)) {
    return "must use https (plain http only on loopback)";
  }
  return undefined;
}

function isLoopback(hostname: string): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
}

/**
 * An Azure resource is named by its custom subdomain (`vl-east` of vl-east.cognitiveservices.azure.com),
 * which is unique; anything else (an emulator on 127.0.0.1:N) by its host and port.
 */
function defaultName(url: URL): string {
  const azure =
    /^([a-z0-9][a-z0-9-]*)\.(cognitiveservices\.azure\.com|services\.ai\.azure\.com|openai\.azure\.com)$/i;
  const subdomain = azure.exec(url.hostname)?.[1];
  if (subdomain) return subdomain.slice(0, 40);
  return url.host
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

/**
 * `https://res.services.ai.azure.com` → `wss://res.services.ai.azure.com/voice-live/realtime?api-version=…&model=…`.
 * The path is fixed (as the SDK does): a path in the endpoint setting is replaced, not prefixed.
 */
export function voiceLiveRealtimeUrl(endpoint: string, model: string): string {
  const url = new URL(endpoint);
  if (url.protocol === "https:") url.protocol = "wss:";
  else if (url.protocol === "http:") url.protocol = "ws:";
  url.pathname = "/voice-live/realtime";
  url.search = "";
  url.hash = "";
  url.searchParams.set("api-version", VOICE_LIVE_API_VERSION);
  url.searchParams.set("model", model);
  return url.toString();
}
