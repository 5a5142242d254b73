// The run-time settings of a call kept in App Configuration (prefix `voicebot:`, label = environment),
// validated per key: a bad value is reported by its key, never by its value.
import { z } from "zod";
import type { WorkerEnv, WorkerSettingName } from "../settings-schema.js";

export const KEY_PREFIX = "voicebot:";
export const SENTINEL_KEY = `${KEY_PREFIX}sentinel`;

export type VadType = "server_vad" | "azure_semantic_vad" | "azure_semantic_vad_multilingual";

export interface VadSettings {
  type?: VadType;
  threshold?: number;
  prefixPaddingMs?: number;
  silenceDurationMs?: number;
}

/** What App Configuration (or an env override) sets; anything absent keeps the worker's own value. */
export interface CallSettings {
  systemPrompt?: string;
  greeting?: string;
  voice?: string;
  vad?: VadSettings;
  tools?: { endCall?: boolean; transferToHuman?: boolean };
  transferNumber?: string;
  timeouts?: { maxCallSeconds?: number; callerSilenceSeconds?: number };
}

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
// The same spellings the worker's env flags accept.
const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];
const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => TRUE.includes(v) || FALSE.includes(v), "must be true or false")
  .transform((v) => TRUE.includes(v));

/** Each key (without the prefix), its schema and where its value goes. */
const KEYS = {
  systemPrompt: text(20_000).trim().min(1, "must not be empty"),
  // An empty greeting is meaningful: the caller speaks first.
  greeting: text(1000).trim(),
  voice: z
    .string()
    .trim()
    .regex(/^[\w:.-]{1,100}$/, "must be a voice name such as en-US-Ava:DragonHDLatestNeural or alloy"),
  "vad:type": z.enum(["server_vad", "azure_semantic_vad", "azure_semantic_vad_multilingual"], {
    error: "must be server_vad, azure_semantic_vad or azure_semantic_vad_multilingual",
  }),
  "vad:threshold": z
    .string()
    .trim()
    .regex(/^\d*\.?\d+$/, "must be a number")
    .transform(Number)
    .pipe(z.number().min(0.01, "must be at least 0.01").lt(1, "must be below 1")),
  "vad:prefixPaddingMs": integer(0, 5000),
  "vad:silenceDurationMs": integer(0, 10_000),
  "tools:endCall": bool,
  "tools:transferToHuman": bool,
  transferNumber: z
    .string()
    .trim()
    .regex(/^(\+[1-9]\d{6,14})?$/, "must be an E.164 number like +14255550199 (or empty)"),
  "timeouts:maxCallSeconds": integer(0, 86_400),
  "timeouts:callerSilenceSeconds": integer(0, 3600),
} as const;

export type CallSettingKey = keyof typeof KEYS;
export const CALL_SETTING_KEYS = Object.keys(KEYS) as CallSettingKey[];

export type ParsedCallSettings = { ok: true; settings: CallSettings } | { ok: false; problems: string[] };

/**
 * Validates key-values read with the prefix trimmed (`systemPrompt`, `vad:threshold`, …). Unknown keys
 * (and the sentinel) are ignored; every bad value is named by its full key.
 */
export function parseCallSettings(
  values: ReadonlyMap<string, unknown>,
  keyName: (key: string) => string = (key) => `${KEY_PREFIX}${key}`,
): ParsedCallSettings {
  const problems: string[] = [];
  const parsed: Partial<Record<CallSettingKey, unknown>> = {};
  for (const key of CALL_SETTING_KEYS) {
    const raw = values.get(key);
    if (raw === undefined) continue;
    if (typeof raw !== "string") {
      problems.push(`${keyName(key)} must be plain text (no JSON content type)`);
      continue;
    }
    const result = KEYS[key].safeParse(raw);
    if (result.success) parsed[key] = result.data;
    else problems.push(`${keyName(key)} ${result.error.issues[0]?.message ?? "is invalid"}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: toCallSettings(parsed) };
}

function toCallSettings(p: Partial<Record<CallSettingKey, unknown>>): CallSettings {
  const settings: CallSettings = {};
  if (p.systemPrompt !== undefined) settings.systemPrompt = p.systemPrompt as string;
  if (p.greeting !== undefined) settings.greeting = p.greeting as string;
  if (p.voice !== undefined) settings.voice = p.voice as string;
  const vad: VadSettings = {};
  if (p["vad:type"] !== undefined) vad.type = p["vad:type"] as VadType;
  if (p["vad:threshold"] !== undefined) vad.threshold = p["vad:threshold"] as number;
  if (p["vad:prefixPaddingMs"] !== undefined) vad.prefixPaddingMs = p["vad:prefixPaddingMs"] as number;
  if (p["vad:silenceDurationMs"] !== undefined) vad.silenceDurationMs = p["vad:silenceDurationMs"] as number;
  if (Object.keys(vad).length > 0) settings.vad = vad;
  const tools: NonNullable<CallSettings["tools"]> = {};
  if (p["tools:endCall"] !== undefined) tools.endCall = p["tools:endCall"] as boolean;
  if (p["tools:transferToHuman"] !== undefined) tools.transferToHuman = p["tools:transferToHuman"] as boolean;
  if (Object.keys(tools).length > 0) settings.tools = tools;
  if (p.transferNumber !== undefined && p.transferNumber !== "")
    settings.transferNumber = p.transferNumber as string;
  const timeouts: NonNullable<CallSettings["timeouts"]> = {};
  if (p["timeouts:maxCallSeconds"] !== undefined)
    timeouts.maxCallSeconds = p["timeouts:maxCallSeconds"] as number;
  if (p["timeouts:callerSilenceSeconds"] !== undefined) {
    timeouts.callerSilenceSeconds = p["timeouts:callerSilenceSeconds"] as number;
  }
  if (Object.keys(timeouts).length > 0) settings.timeouts = timeouts;
  return settings;
}

/** The environment variables that override each key (the same names the worker reads without App Config). */
export const ENV_OVERRIDES: Readonly<Record<CallSettingKey, WorkerSettingName>> = {
  systemPrompt: "SYSTEM_PROMPT",
  greeting: "GREETING",
  voice: "VOICE_NAME",
  "vad:type": "VAD_TYPE",
  "vad:threshold": "VAD_THRESHOLD",
  "vad:prefixPaddingMs": "VAD_PREFIX_PADDING_MS",
  "vad:silenceDurationMs": "VAD_SILENCE_DURATION_MS",
  "tools:endCall": "TOOLS_END_CALL",
  "tools:transferToHuman": "TOOLS_TRANSFER_TO_HUMAN",
  transferNumber: "TRANSFER_NUMBER",
  "timeouts:maxCallSeconds": "MAX_CALL_SECONDS",
  "timeouts:callerSilenceSeconds": "CALLER_SILENCE_SECONDS",
};

/** The keys an environment sets explicitly; these win over App Configuration. */
export function envOverrides(env: WorkerEnv): ParsedCallSettings {
  const values = new Map<string, string>();
  for (const key of CALL_SETTING_KEYS) {
    const value = env[ENV_OVERRIDES[key]];
    // GREETING="" is an explicit choice (no greeting); elsewhere empty means unset.
    if (value !== undefined && (value.trim() !== "" || key === "greeting")) values.set(key, value);
  }
  return parseCallSettings(values, (key) => ENV_OVERRIDES[key as CallSettingKey]);
}

/** `over` wins field by field. */
export function mergeCallSettings(base: CallSettings, over: CallSettings): CallSettings {
  return {
    ...base,
    ...over,
    ...(base.vad || over.vad ? { vad: { ...base.vad, ...over.vad } } : {}),
    ...(base.tools || over.tools ? { tools: { ...base.tools, ...over.tools } } : {}),
    ...(base.timeouts || over.timeouts ? { timeouts: { ...base.timeouts, ...over.timeouts } } : {}),
  };
}
