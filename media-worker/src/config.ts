import { type AcsAudioFormat, parseAcsAudioFormat } from "@acs-voice/shared";
import { z } from "zod";

/** Voice Live API version the worker speaks (the dated dialect of research/voicelive.md). */
export const VOICE_LIVE_API_VERSION = "2026-04-10";
export const DEFAULT_VOICE_LIVE_MODEL = "gpt-realtime";
export const DEFAULT_VOICE_NAME = "en-US-Ava:DragonHDLatestNeural";
export const DEFAULT_SYSTEM_PROMPT =
  "You are a friendly, concise voice assistant answering a phone call. Speak naturally in short " +
  "sentences, one idea at a time, and ask a question when you need more information.";
export const DEFAULT_GREETING = "Hello, thanks for calling. How can I help you today?";
const DEFAULT_ACS_ISSUER = "https://acscallautomation.communication.azure.com";
const DEFAULT_ACS_JWKS_URL = "https://acscallautomation.communication.azure.com/calling/keys";

/** Everything the worker needs, validated once in `main.ts`; nothing below it reads the environment. */
export interface WorkerConfig {
  port: number;
  voiceLive: {
    /** wss://…/voice-live/realtime?api-version=…&model=… (ws:// for the local emulator). */
    realtimeUrl: string;
    /** Absent: Microsoft Entra ID (managed identity in Azure). */
    apiKey: string | undefined;
    model: string;
    /** Forces the model's audio rate; by default it follows the ACS format so nothing is resampled. */
    sampleRateHz: 16000 | 24000 | undefined;
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
  };
  limits: {
    maxConcurrentCalls: number;
    /** After SIGTERM, how long running calls may continue before they are ended. */
    drainGraceMs: number;
    pacingLeadMs: number;
  };
  logLevel: string;
}

export type ConfigResult = { ok: true; config: WorkerConfig } | { ok: false; problems: string[] };

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const httpUrl = (setting: string, schemes: string[]) =>
  z
    .string({ error: `${setting} is required` })
    .trim()
    .min(1, `${setting} is required`)
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `${setting} must be a ${schemes.map((s) => s.replace(":", "")).join(" or ")} URL`,
    );

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

const envSchema = z.object({
  PORT: integer("PORT", 8080, 0, 65535),
  VOICE_LIVE_ENDPOINT: httpUrl("VOICE_LIVE_ENDPOINT", ["https:", "http:", "wss:", "ws:"]),
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
  ACS_JWKS_URL: optionalText.refine(
    (value) => value === undefined || /^https?:\/\//.test(value),
    "ACS_JWKS_URL must be an http(s) URL",
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
  MAX_CONCURRENT_CALLS: integer("MAX_CONCURRENT_CALLS", 50, 1, 10_000),
  DRAIN_GRACE_MS: integer("DRAIN_GRACE_MS", 10 * 60_000, 0, 24 * 3_600_000),
  PACING_LEAD_MS: integer("PACING_LEAD_MS", 60, 0, 1000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

const hasText = (value: string | undefined) => value !== undefined && value.trim() !== "";

/**
 * Validates the environment. Every problem is reported at once, each naming its setting; values are never
 * echoed (some are secrets).
 */
export function parseWorkerConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
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
  if (!parsed.success || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const e = parsed.data;
  const model = e.VOICE_LIVE_MODEL ?? DEFAULT_VOICE_LIVE_MODEL;
  return {
    ok: true,
    config: {
      port: e.PORT,
      voiceLive: {
        realtimeUrl: voiceLiveRealtimeUrl(e.VOICE_LIVE_ENDPOINT, model),
        apiKey: e.VOICE_LIVE_API_KEY,
        model,
        sampleRateHz: e.VOICE_LIVE_SAMPLE_RATE_HZ,
      },
      acs: {
        audience: e.ACS_AUDIENCE,
        issuer: e.ACS_ISSUER ?? DEFAULT_ACS_ISSUER,
        jwksUrl: e.ACS_JWKS_URL ?? DEFAULT_ACS_JWKS_URL,
        audioFormat: e.ACS_AUDIO_FORMAT,
        connectionString: e.ACS_CONNECTION_STRING,
        endpoint: e.ACS_ENDPOINT,
      },
      conversation: {
        systemPrompt: e.SYSTEM_PROMPT ?? DEFAULT_SYSTEM_PROMPT,
        greeting: e.GREETING === undefined ? DEFAULT_GREETING : e.GREETING.trim(),
        voiceName: e.VOICE_NAME ?? DEFAULT_VOICE_NAME,
      },
      limits: {
        maxConcurrentCalls: e.MAX_CONCURRENT_CALLS,
        drainGraceMs: e.DRAIN_GRACE_MS,
        pacingLeadMs: e.PACING_LEAD_MS,
      },
      logLevel: e.LOG_LEVEL ?? "info",
    },
  };
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
