import {
  ACS_ISSUER,
  ACS_JWKS_URL,
  type AcsAudioFormat,
  parseAcsAudioFormat,
  parseDestinationPolicy,
} from "@acs-voice/shared";
import { z } from "zod";
import type { VadTuning } from "./session/session-config.js";
import type { WorkerEnv, WorkerSettingName } from "./settings-schema.js";
import {
  endpointUrlProblem,
  parseVoiceLiveEndpoints,
  singleEndpoint,
  type VoiceLiveEndpoint,
} from "./voicelive/voice-live-endpoints.js";

export {
  VOICE_LIVE_API_VERSION,
  type VoiceLiveEndpoint,
  voiceLiveRealtimeUrl,
} from "./voicelive/voice-live-endpoints.js";
export const DEFAULT_VOICE_LIVE_MODEL = "gpt-realtime";
export const DEFAULT_VOICE_NAME = "en-US-Ava:DragonHDLatestNeural";
export const DEFAULT_SYSTEM_PROMPT =
  "You are a friendly, concise voice assistant answering a phone call. Speak naturally in short " +
  "sentences, one idea at a time, and ask a question when you need more information.";
export const DEFAULT_GREETING = "Hello, thanks for calling. How can I help you today?";
/**
 * Caller transcription models the Voice Live docs name for each model family: the multimodal realtime
 * models (gpt-realtime, gpt-realtime-mini, gpt-4o-realtime, ...) take the OpenAI transcription models
 * or mai-transcribe; `azure-speech` is documented only for the other (cascade) models.
 */
export const REALTIME_TRANSCRIPTION_MODELS = [
  "gpt-4o-transcribe",
  "gpt-4o-mini-transcribe",
  "gpt-4o-transcribe-diarize",
  "whisper-1",
  "mai-transcribe",
] as const;
export const CASCADE_TRANSCRIPTION_MODELS = ["azure-speech", "mai-transcribe"] as const;

export function isRealtimeModel(model: string): boolean {
  return /^gpt-(realtime|4o(-mini)?-realtime)/.test(model);
}

/** The documented models for `model`, the first being the default. */
export function transcriptionModelsFor(model: string): readonly string[] {
  return isRealtimeModel(model) ? REALTIME_TRANSCRIPTION_MODELS : CASCADE_TRANSCRIPTION_MODELS;
}

/** Everything the worker needs, validated once in `main.ts`; nothing below it reads the environment. */
export interface WorkerConfig {
  port: number;
  voiceLive: {
    /** The first endpoint's wss://…/voice-live/realtime?api-version=…&model=… (ws:// for the emulator). */
    realtimeUrl: string;
    /** Absent: Microsoft Entra ID (managed identity in Azure). */
    apiKey: string | undefined;
    /** The first endpoint's model. */
    model: string;
    /** Forces the model's audio rate; by default it follows the ACS format so nothing is resampled. */
    sampleRateHz: 16000 | 24000 | undefined;
    /** The pool: VOICE_LIVE_ENDPOINTS, or VOICE_LIVE_ENDPOINT alone as a pool of one. */
    endpoints: VoiceLiveEndpoint[];
    /**
     * Tokens a new call is expected to add to its endpoint's minute: a call is placed only where the
     * tokens of the last minute plus this stay within the endpoint's budget.
     */
    tokensPerCallMinute: number;
  };
  acs: {
    audience: string;
    issuer: string;
    jwksUrl: string;
    audioFormat: AcsAudioFormat;
    /** For hanging up when Voice Live cannot be reached: a connection string, or an endpoint + identity. */
    connectionString: string | undefined;
    endpoint: string | undefined;
  };
  conversation: {
    systemPrompt: string;
    /** Empty: the bot waits for the caller to speak first. */
    greeting: string;
    voiceName: string;
    /** Model that transcribes the caller (for records and the monitor); undefined = off. */
    transcriptionModel: string | undefined;
    /** Turn detection tuning; set from App Configuration (`vad:*`) or VAD_* overrides, else the defaults. */
    vad?: VadTuning | undefined;
  };
  limits: {
    maxConcurrentCalls: number;
    /** After SIGTERM, how long running calls may continue before they are ended. */
    drainGraceMs: number;
    pacingLeadMs: number;
  };
  /** Call control: tools, DTMF, timeouts (each can be turned off). */
  callControl: CallControlConfig;
  /** Voice Live session renewal and reconnects. */
  renewal: RenewalConfig;
  /** Per-call records in Table Storage; undefined = records off. */
  callRecords: CallRecordsConfig | undefined;
  /**
   * Where a call goes when every Voice Live endpoint is out of budget (FALLBACK_TRANSFER_NUMBER, as the
   * functions app uses it for calls without media); undefined: the busy signal, then the hang-up.
   */
  busyTransferNumber: string | undefined;
  /**
   * Where the functions app records each call's ticket (the app's data tables); undefined = tickets not
   * checked, which only a local ACS emulator allows (CALL_TICKETS=off).
   */
  callTickets: { target: { connectionString: string } | { endpoint: string } } | undefined;
  logLevel: string;
}

export interface CallControlConfig {
  tools: {
    endCall: boolean;
    /** On only when a transfer number is configured. */
    transferToHuman: boolean;
    /** E.164, e.g. +14255550199. */
    transferNumber: string | undefined;
    /** Said while the call is being transferred (the model says it in the caller's language). */
    transferMessage: string;
    /** The example tools of tools/registry.ts (lookup_order_status). */
    examples: boolean;
    /** After this long the model is asked to tell the caller it is still working on it. */
    fillerAfterMs: number;
    /** A tool that takes longer returns an error result to the model. */
    timeoutMs: number;
  };
  transfer: {
    /** How long a transfer may ring before the caller is told it failed (a late answer still counts). */
    ringTimeoutMs: number;
    /**
     * The number shown to a PSTN transfer target when ACS does not report the one the caller dialled
     * (`ACS_CALLER_ID`); ACS refuses a PSTN transfer without a caller id the resource owns.
     */
    sourceCallerId: string | undefined;
  };
  /** After the ACS media socket dropped abnormally, how long ACS may reconnect before the call is hung up. */
  mediaResumeGraceMs: number;
  /**
   * Where transfers may go besides the transfer number (ALLOWED_DESTINATIONS, checked for shape); the
   * transfer number of each call (it may come from App Configuration) is always allowed.
   */
  allowedDestinations: string | undefined;
  dtmf: { enabled: boolean; interDigitMs: number };
  timeouts: {
    /** Caller silence before the model re-prompts; 0 = never. */
    callerSilenceMs: number;
    /** Further silence after the re-prompt before goodbye and hang-up; 0 = never hang up. */
    silenceHangupMs: number;
    /** Longest call; a polite goodbye and hang-up after it; 0 = unlimited. */
    maxCallMs: number;
  };
}

export interface RenewalConfig {
  /** Session age at which a new session is opened between turns when the service gives no expires_at. */
  renewAfterMs: number;
  /** How long before `expires_at` the new session is opened. */
  renewMarginMs: number;
  /** Reconnect attempts after one unexpected drop, with exponential backoff. */
  maxReconnectAttempts: number;
  /** How long a call's first connection is retried while Voice Live refuses it for load (429/503). */
  connectPatienceMs: number;
}

export interface CallRecordsConfig {
  /** A connection string (Azurite locally), or an endpoint used with managed identity. */
  target: { connectionString: string } | { endpoint: string };
  table: string;
  /** USD per million tokens, for the cost estimate. */
  prices: TokenPrices;
  /** The caller's and the bot's words in the turn rows; false: turns keep timings, usage and tools only. */
  transcripts: boolean;
}

export interface TokenPrices {
  inputText: number;
  inputAudio: number;
  cachedInput: number;
  outputText: number;
  outputAudio: number;
}

export type ConfigResult = { ok: true; config: WorkerConfig } | { ok: false; problems: string[] };

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

/**
 * Keys, tokens and the keys that verify ACS's tokens never travel unencrypted: plain http/ws is for the
 * local emulators on loopback only.
 */
function encryptedUnlessLoopback(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    if (protocol !== "http:" && protocol !== "ws:") return true;
    return ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
  } catch {
    return true; // a malformed URL is reported by the scheme check
  }
}

const integer = (setting: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: "custom", message: `${setting} must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

const flag = (setting: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const v = value.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: `${setting} must be true or false` });
      return z.NEVER;
    });

const price = (setting: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || parsed < 0) {
        ctx.addIssue({ code: "custom", message: `${setting} must be a non-negative number` });
        return z.NEVER;
      }
      return parsed;
    });

const DEFAULT_TRANSFER_MESSAGE = "Please hold while I transfer you to a colleague.";

const envSchema = z.object({
  PORT: integer("PORT", 8080, 0, 65535),
  // Required unless VOICE_LIVE_ENDPOINTS names the pool (checked in voiceLiveProblems).
  VOICE_LIVE_ENDPOINT: optionalText,
  VOICE_LIVE_ENDPOINTS: optionalText,
  VOICE_LIVE_TOKENS_PER_CALL_MINUTE: integer("VOICE_LIVE_TOKENS_PER_CALL_MINUTE", 10_000, 0, 1_000_000),
  VOICE_LIVE_API_KEY: optionalText,
  VOICE_LIVE_MODEL: optionalText,
  VOICE_LIVE_SAMPLE_RATE_HZ: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      if (value.trim() === "16000") return 16000 as const;
      if (value.trim() === "24000") return 24000 as const;
      ctx.addIssue({ code: "custom", message: "VOICE_LIVE_SAMPLE_RATE_HZ must be 16000 or 24000" });
      return z.NEVER;
    }),
  ACS_AUDIENCE: z
    .string({ error: "ACS_AUDIENCE is required (the ACS resource's immutable resource id)" })
    .trim()
    .min(1, "ACS_AUDIENCE is required (the ACS resource's immutable resource id)"),
  ACS_ISSUER: optionalText,
  ACS_JWKS_URL: optionalText
    .refine(
      (value) => value === undefined || /^https?:\/\//.test(value),
      "ACS_JWKS_URL must be an http(s) URL",
    )
    .refine(
      (value) => value === undefined || encryptedUnlessLoopback(value),
      "ACS_JWKS_URL must use https (plain http only on loopback)",
    ),
  ACS_AUDIO_FORMAT: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return "pcm24KMono" as const;
      const format = parseAcsAudioFormat(value);
      if (!format) {
        ctx.addIssue({ code: "custom", message: "ACS_AUDIO_FORMAT must be pcm16KMono or pcm24KMono" });
        return z.NEVER;
      }
      return format;
    }),
  ACS_CONNECTION_STRING: optionalText.refine(
    (value) => value === undefined || /endpoint=https?:\/\/[^;]+/i.test(value),
    "ACS_CONNECTION_STRING must look like endpoint=https://…;accesskey=…",
  ),
  ACS_ENDPOINT: optionalText.refine(
    (value) => value === undefined || /^https?:\/\//.test(value),
    "ACS_ENDPOINT must be an http(s) URL",
  ),
  SYSTEM_PROMPT: optionalText,
  // An empty GREETING is meaningful (the caller speaks first), so it is not trimmed away.
  GREETING: z.string().optional(),
  VOICE_NAME: optionalText,
  TRANSCRIPTION_MODEL: optionalText,
  MAX_CONCURRENT_CALLS: integer("MAX_CONCURRENT_CALLS", 50, 1, 10_000),
  DRAIN_GRACE_MS: integer("DRAIN_GRACE_MS", 10 * 60_000, 0, 24 * 3_600_000),
  PACING_LEAD_MS: integer("PACING_LEAD_MS", 100, 0, 1000),
  TOOLS_END_CALL: flag("TOOLS_END_CALL", true),
  TOOLS_TRANSFER_TO_HUMAN: flag("TOOLS_TRANSFER_TO_HUMAN", true),
  TOOLS_EXAMPLES: flag("TOOLS_EXAMPLES", false),
  TRANSFER_NUMBER: optionalText.refine(
    (value) => value === undefined || /^\+[1-9]\d{6,14}$/.test(value),
    "TRANSFER_NUMBER must be an E.164 number like +14255550199",
  ),
  TRANSFER_MESSAGE: optionalText,
  FALLBACK_TRANSFER_NUMBER: optionalText.refine(
    (value) => value === undefined || /^\+[1-9]\d{6,14}$/.test(value),
    "FALLBACK_TRANSFER_NUMBER must be an E.164 number like +14255550199",
  ),
  TRANSFER_RING_TIMEOUT_SECONDS: integer("TRANSFER_RING_TIMEOUT_SECONDS", 75, 20, 300),
  ACS_CALLER_ID: optionalText.refine(
    (value) => value === undefined || /^\+[1-9]\d{6,14}$/.test(value),
    "ACS_CALLER_ID must be an E.164 number like +14255550100",
  ),
  MEDIA_RESUME_GRACE_SECONDS: integer("MEDIA_RESUME_GRACE_SECONDS", 8, 0, 60),
  ALLOWED_DESTINATIONS: optionalText,
  TOOL_FILLER_AFTER_MS: integer("TOOL_FILLER_AFTER_MS", 1_500, 0, 60_000),
  TOOL_TIMEOUT_MS: integer("TOOL_TIMEOUT_MS", 8_000, 100, 120_000),
  DTMF_ENABLED: flag("DTMF_ENABLED", true),
  DTMF_INTER_DIGIT_MS: integer("DTMF_INTER_DIGIT_MS", 1_500, 100, 30_000),
  CALLER_SILENCE_SECONDS: integer("CALLER_SILENCE_SECONDS", 20, 0, 3_600),
  SILENCE_HANGUP_SECONDS: integer("SILENCE_HANGUP_SECONDS", 15, 0, 3_600),
  MAX_CALL_SECONDS: integer("MAX_CALL_SECONDS", 3_600, 0, 86_400),
  VOICE_LIVE_RENEW_AFTER_SECONDS: integer("VOICE_LIVE_RENEW_AFTER_SECONDS", 25 * 60, 10, 24 * 3_600),
  VOICE_LIVE_RENEW_MARGIN_SECONDS: integer("VOICE_LIVE_RENEW_MARGIN_SECONDS", 120, 0, 3_600),
  VOICE_LIVE_MAX_RECONNECT_ATTEMPTS: integer("VOICE_LIVE_MAX_RECONNECT_ATTEMPTS", 5, 1, 20),
  VOICE_LIVE_CONNECT_PATIENCE_SECONDS: integer("VOICE_LIVE_CONNECT_PATIENCE_SECONDS", 10, 0, 60),
  CALL_RECORDS_CONNECTION_STRING: optionalText,
  CALL_TICKETS: optionalText.refine(
    (value) => value === undefined || value === "on" || value === "off",
    "CALL_TICKETS must be on or off",
  ),
  STORAGE_TABLE_ENDPOINT: optionalText.refine(
    (value) => value === undefined || /^https?:\/\//.test(value),
    "STORAGE_TABLE_ENDPOINT must be an http(s) URL",
  ),
  CALL_RECORDS_TABLE: optionalText.refine(
    (value) => value === undefined || /^[A-Za-z][A-Za-z0-9]{2,62}$/.test(value),
    "CALL_RECORDS_TABLE must be a valid table name (letters and digits, 3-63)",
  ),
  CALL_RECORDS_TRANSCRIPTS: flag("CALL_RECORDS_TRANSCRIPTS", true),
  PRICE_PER_1M_INPUT_TEXT_TOKENS: price("PRICE_PER_1M_INPUT_TEXT_TOKENS", 4),
  PRICE_PER_1M_INPUT_AUDIO_TOKENS: price("PRICE_PER_1M_INPUT_AUDIO_TOKENS", 32),
  PRICE_PER_1M_CACHED_INPUT_TOKENS: price("PRICE_PER_1M_CACHED_INPUT_TOKENS", 0.4),
  PRICE_PER_1M_OUTPUT_TEXT_TOKENS: price("PRICE_PER_1M_OUTPUT_TEXT_TOKENS", 16),
  PRICE_PER_1M_OUTPUT_AUDIO_TOKENS: price("PRICE_PER_1M_OUTPUT_AUDIO_TOKENS", 64),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
} satisfies { [Name in WorkerSettingName]?: z.ZodType });

const hasText = (value: string | undefined) => value !== undefined && value.trim() !== "";

/**
 * Validates the environment. Every problem is reported at once, each naming its setting; values are never
 * echoed (some are secrets).
 */
export function parseWorkerConfig(env: WorkerEnv): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const setting = String(issue.path[0] ?? "configuration");
        return issue.message.includes(setting) ? issue.message : `${setting}: ${issue.message}`;
      });
  if (!hasText(env.ACS_CONNECTION_STRING) && !hasText(env.ACS_ENDPOINT)) {
    problems.push("ACS_CONNECTION_STRING or ACS_ENDPOINT is required (to hang up calls)");
  }
  if (parsed.success) problems.push(...callTicketProblems(parsed.data));
  if (parsed.success) {
    const policy = parseDestinationPolicy(parsed.data.ALLOWED_DESTINATIONS, []);
    if (!policy.ok) problems.push(`ALLOWED_DESTINATIONS ${policy.problem}`);
  }
  const model = (parsed.success ? parsed.data.VOICE_LIVE_MODEL : undefined) ?? DEFAULT_VOICE_LIVE_MODEL;
  const pool = voiceLiveEndpointsOf(env, model, parsed.success ? parsed.data.VOICE_LIVE_API_KEY : undefined);
  // First, as the endpoint was when it led the schema.
  if (!pool.ok) problems.unshift(...pool.problems);
  const models = pool.ok ? [...new Set(pool.endpoints.map((endpoint) => endpoint.model))] : [model];
  const transcription = parsed.success ? parsed.data.TRANSCRIPTION_MODEL : undefined;
  // A call may move between endpoints, so its transcription model must suit every endpoint's model.
  const documented = transcriptionModelsFor(models[0] ?? model).filter((candidate) =>
    models.every((m) => transcriptionModelsFor(m).includes(candidate)),
  );
  if (transcription !== undefined && transcription !== "none" && !documented.includes(transcription)) {
    problems.push(
      models.length > 1
        ? `TRANSCRIPTION_MODEL must be one every model of VOICE_LIVE_ENDPOINTS takes (${documented.join(", ") || "none in common"}), or none`
        : `TRANSCRIPTION_MODEL must be one of ${documented.join(", ")} for ${isRealtimeModel(model) ? "the gpt-realtime family" : "this model"}, or none`,
    );
  }
  if (transcription === undefined && documented.length === 0) {
    problems.push(
      "VOICE_LIVE_ENDPOINTS mixes models with no transcription model in common; set TRANSCRIPTION_MODEL=none",
    );
  }
  if (!parsed.success || !pool.ok || problems.length > 0) {
    return { ok: false, problems: [...new Set(problems)] };
  }
  const e = parsed.data;
  const [first] = pool.endpoints;
  if (!first) return { ok: false, problems: ["VOICE_LIVE_ENDPOINT is required"] };
  return {
    ok: true,
    config: {
      port: e.PORT,
      voiceLive: {
        realtimeUrl: first.realtimeUrl,
        apiKey: e.VOICE_LIVE_API_KEY,
        model: first.model,
        sampleRateHz: e.VOICE_LIVE_SAMPLE_RATE_HZ,
        endpoints: pool.endpoints,
        tokensPerCallMinute: e.VOICE_LIVE_TOKENS_PER_CALL_MINUTE,
      },
      acs: {
        audience: e.ACS_AUDIENCE,
        issuer: e.ACS_ISSUER ?? ACS_ISSUER,
        jwksUrl: e.ACS_JWKS_URL ?? ACS_JWKS_URL,
        audioFormat: e.ACS_AUDIO_FORMAT,
        connectionString: e.ACS_CONNECTION_STRING,
        endpoint: e.ACS_ENDPOINT,
      },
      conversation: {
        systemPrompt: e.SYSTEM_PROMPT ?? DEFAULT_SYSTEM_PROMPT,
        greeting: e.GREETING === undefined ? DEFAULT_GREETING : e.GREETING.trim(),
        voiceName: e.VOICE_NAME ?? DEFAULT_VOICE_NAME,
        transcriptionModel: transcription === "none" ? undefined : (transcription ?? documented[0]),
      },
      limits: {
        maxConcurrentCalls: e.MAX_CONCURRENT_CALLS,
        drainGraceMs: e.DRAIN_GRACE_MS,
        pacingLeadMs: e.PACING_LEAD_MS,
      },
      callControl: {
        tools: {
          endCall: e.TOOLS_END_CALL,
          transferToHuman: e.TOOLS_TRANSFER_TO_HUMAN && e.TRANSFER_NUMBER !== undefined,
          transferNumber: e.TRANSFER_NUMBER,
          transferMessage: e.TRANSFER_MESSAGE ?? DEFAULT_TRANSFER_MESSAGE,
          examples: e.TOOLS_EXAMPLES,
          fillerAfterMs: e.TOOL_FILLER_AFTER_MS,
          timeoutMs: e.TOOL_TIMEOUT_MS,
        },
        transfer: {
          ringTimeoutMs: e.TRANSFER_RING_TIMEOUT_SECONDS * 1000,
          sourceCallerId: e.ACS_CALLER_ID,
        },
        mediaResumeGraceMs: e.MEDIA_RESUME_GRACE_SECONDS * 1000,
        allowedDestinations: e.ALLOWED_DESTINATIONS,
        dtmf: { enabled: e.DTMF_ENABLED, interDigitMs: e.DTMF_INTER_DIGIT_MS },
        timeouts: {
          callerSilenceMs: e.CALLER_SILENCE_SECONDS * 1000,
          silenceHangupMs: e.SILENCE_HANGUP_SECONDS * 1000,
          maxCallMs: e.MAX_CALL_SECONDS * 1000,
        },
      },
      renewal: {
        renewAfterMs: e.VOICE_LIVE_RENEW_AFTER_SECONDS * 1000,
        renewMarginMs: e.VOICE_LIVE_RENEW_MARGIN_SECONDS * 1000,
        maxReconnectAttempts: e.VOICE_LIVE_MAX_RECONNECT_ATTEMPTS,
        connectPatienceMs: e.VOICE_LIVE_CONNECT_PATIENCE_SECONDS * 1000,
      },
      callRecords: callRecordsConfig(e),
      busyTransferNumber: e.FALLBACK_TRANSFER_NUMBER,
      callTickets: callTicketsConfig(e),
      logLevel: e.LOG_LEVEL ?? "info",
    },
  };
}

/** The app's data tables: a connection string (Azurite locally), or the endpoint with managed identity. */
function tableTarget(
  e: z.infer<typeof envSchema>,
): { connectionString: string } | { endpoint: string } | undefined {
  if (e.CALL_RECORDS_CONNECTION_STRING) return { connectionString: e.CALL_RECORDS_CONNECTION_STRING };
  return e.STORAGE_TABLE_ENDPOINT ? { endpoint: e.STORAGE_TABLE_ENDPOINT } : undefined;
}

/**
 * Every media connection is checked against the ticket the functions app recorded for its call, so the
 * worker must reach those tables. Only a local ACS emulator (its keys on loopback) may turn that off,
 * for tests and load runs that dial the worker without a call behind them.
 */
function callTicketProblems(e: z.infer<typeof envSchema>): string[] {
  if (e.CALL_TICKETS === "off") {
    const jwks = e.ACS_JWKS_URL ?? "";
    return /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/)/.test(jwks)
      ? []
      : ["CALL_TICKETS=off is only allowed with a local ACS emulator (ACS_JWKS_URL on 127.0.0.1)"];
  }
  return tableTarget(e)
    ? []
    : [
        "STORAGE_TABLE_ENDPOINT (or CALL_RECORDS_CONNECTION_STRING) is required: the worker checks each media connection's call ticket there",
      ];
}

/** Checked by callTicketProblems first: on, a target is there. */
function callTicketsConfig(e: z.infer<typeof envSchema>): WorkerConfig["callTickets"] {
  const target = tableTarget(e);
  return e.CALL_TICKETS === "off" || target === undefined ? undefined : { target };
}

function callRecordsConfig(e: z.infer<typeof envSchema>): CallRecordsConfig | undefined {
  const target = e.CALL_RECORDS_CONNECTION_STRING
    ? { connectionString: e.CALL_RECORDS_CONNECTION_STRING }
    : e.STORAGE_TABLE_ENDPOINT
      ? { endpoint: e.STORAGE_TABLE_ENDPOINT }
      : undefined;
  if (!target) return undefined;
  return {
    target,
    table: e.CALL_RECORDS_TABLE ?? "callrecords",
    prices: {
      inputText: e.PRICE_PER_1M_INPUT_TEXT_TOKENS,
      inputAudio: e.PRICE_PER_1M_INPUT_AUDIO_TOKENS,
      cachedInput: e.PRICE_PER_1M_CACHED_INPUT_TOKENS,
      outputText: e.PRICE_PER_1M_OUTPUT_TEXT_TOKENS,
      outputAudio: e.PRICE_PER_1M_OUTPUT_AUDIO_TOKENS,
    },
    transcripts: e.CALL_RECORDS_TRANSCRIPTS,
  };
}

/**
 * The Voice Live pool: VOICE_LIVE_ENDPOINTS, else VOICE_LIVE_ENDPOINT as a pool of one (the settings of
 * a single-resource deployment keep working). Both at once would leave it unclear which one counts.
 */
function voiceLiveEndpointsOf(
  env: Readonly<Record<string, string | undefined>>,
  model: string,
  apiKey: string | undefined,
): { ok: true; endpoints: VoiceLiveEndpoint[] } | { ok: false; problems: string[] } {
  const single = env.VOICE_LIVE_ENDPOINT?.trim() ?? "";
  const list = env.VOICE_LIVE_ENDPOINTS?.trim() ?? "";
  const defaults = { model, apiKey: apiKey?.trim() || undefined };
  if (single !== "" && list !== "") {
    return {
      ok: false,
      problems: [
        "set VOICE_LIVE_ENDPOINTS or VOICE_LIVE_ENDPOINT, not both (VOICE_LIVE_ENDPOINTS lists them all)",
      ],
    };
  }
  if (list !== "") return parseVoiceLiveEndpoints(list, defaults, env);
  if (single === "") {
    return {
      ok: false,
      problems: ["VOICE_LIVE_ENDPOINT is required (or VOICE_LIVE_ENDPOINTS for several resources)"],
    };
  }
  const problem = endpointUrlProblem(single);
  if (problem) return { ok: false, problems: [`VOICE_LIVE_ENDPOINT ${problem}`] };
  return { ok: true, endpoints: [singleEndpoint(single, defaults)] };
}
