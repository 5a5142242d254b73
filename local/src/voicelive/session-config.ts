// The effective session configuration, as the real service reports it in session.created /
// session.updated: defaults filled in (from the real `session.updated` capture in the research
// notes: server_vad with create/interrupt flags, azure-speech transcription, "inf" tokens), then
// every field a `session.update` sent replaces the current one; `turn_detection` is merged
// field-wise unless its `type` changes. Invalid values are rejected with the service's error shape.

import type { VadSettings } from "./energy-vad.js";

export type JsonObject = Record<string, unknown>;

export interface InvalidSessionField {
  param: string;
  message: string;
}

const INPUT_FORMATS = ["pcm16", "g711_ulaw", "g711_alaw"] as const;
const OUTPUT_FORMATS = ["pcm16", "pcm16_8000hz", "pcm16_16000hz", "g711_ulaw", "g711_alaw"] as const;
const PCM16_INPUT_RATES = [8000, 16000, 24000] as const;
const TURN_DETECTION_TYPES = [
  "server_vad",
  "semantic_vad",
  "azure_semantic_vad",
  "azure_semantic_vad_en",
  "azure_semantic_vad_multilingual",
] as const;
const MODALITIES = ["text", "audio", "animation", "avatar"] as const;

/** 2026-04-10 raised server_vad's default prefix padding from 300 to 400 ms. */
function defaultPrefixPaddingMs(apiVersion: string | undefined, type: string): number {
  if (type.startsWith("azure_semantic_vad")) return 420;
  return apiVersion !== undefined && apiVersion < "2026-04-10" ? 300 : 400;
}

export function defaultTurnDetection(type: string, apiVersion: string | undefined): JsonObject {
  return {
    type,
    threshold: 0.5,
    prefix_padding_ms: defaultPrefixPaddingMs(apiVersion, type),
    silence_duration_ms: 500,
    create_response: true,
    interrupt_response: true,
    auto_truncate: false,
  };
}

export function defaultSessionConfig(identity: {
  id: string;
  model: string | undefined;
  expiresAtSec: number;
  apiVersion: string | undefined;
}): JsonObject {
  return {
    id: identity.id,
    object: "realtime.session",
    model: identity.model ?? "gpt-realtime",
    expires_at: identity.expiresAtSec,
    modalities: ["text", "audio"],
    instructions: "",
    voice: { type: "openai", name: "alloy" },
    input_audio_format: "pcm16",
    output_audio_format: "pcm16",
    input_audio_sampling_rate: 24000,
    input_audio_noise_reduction: { type: "near_field" },
    input_audio_echo_cancellation: null,
    input_audio_transcription: { model: "azure-speech", language: "" },
    turn_detection: defaultTurnDetection("server_vad", identity.apiVersion),
    tools: [],
    tool_choice: "auto",
    temperature: 0.8,
    max_response_output_tokens: "inf",
  };
}

/** Fields the client may not change. */
const READ_ONLY = new Set(["id", "object", "expires_at"]);

/**
 * Applies a `session.update` payload. Returns the new effective config, or the first invalid field
 * (the config is then left unchanged, as the service rejects the whole update).
 */
export function applySessionUpdate(
  current: JsonObject,
  update: unknown,
  apiVersion: string | undefined,
): { ok: true; config: JsonObject } | { ok: false; error: InvalidSessionField } {
  if (!isObject(update)) {
    return { ok: false, error: { param: "session", message: "The 'session' field must be an object." } };
  }
  const next: JsonObject = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (READ_ONLY.has(key)) continue;
    if (key === "turn_detection") {
      if (value === null) {
        next.turn_detection = null;
        continue;
      }
      if (!isObject(value)) return invalid("session.turn_detection", "must be an object or null");
      const previous = isObject(current.turn_detection) ? current.turn_detection : undefined;
      const type = typeof value.type === "string" ? value.type : (previous?.type ?? "server_vad");
      const base =
        previous && previous.type === type ? previous : defaultTurnDetection(String(type), apiVersion);
      next.turn_detection = { ...base, ...value, type };
      continue;
    }
    next[key] = value;
  }
  // A G.711 input implies 8 kHz unless a rate was sent explicitly.
  if (
    typeof update.input_audio_format === "string" &&
    update.input_audio_format.startsWith("g711") &&
    update.input_audio_sampling_rate === undefined
  ) {
    next.input_audio_sampling_rate = 8000;
  }
  const error = validate(next);
  return error ? { ok: false, error } : { ok: true, config: next };
}

function validate(config: JsonObject): InvalidSessionField | undefined {
  const modalities = config.modalities;
  if (!Array.isArray(modalities) || modalities.some((m) => !(MODALITIES as readonly unknown[]).includes(m))) {
    return field("session.modalities", modalities, `Supported values are: ${MODALITIES.join(", ")}.`);
  }
  if (modalities.includes("audio") && !modalities.includes("text")) {
    return { param: "session.modalities", message: "Invalid modalities: ['audio']. Audio requires text." };
  }
  if (!(INPUT_FORMATS as readonly unknown[]).includes(config.input_audio_format)) {
    return field(
      "session.input_audio_format",
      config.input_audio_format,
      `Supported values are: ${INPUT_FORMATS.join(", ")}.`,
    );
  }
  if (!(OUTPUT_FORMATS as readonly unknown[]).includes(config.output_audio_format)) {
    return field(
      "session.output_audio_format",
      config.output_audio_format,
      `Supported values are: ${OUTPUT_FORMATS.join(", ")}.`,
    );
  }
  const rate = config.input_audio_sampling_rate;
  const isG711 = String(config.input_audio_format).startsWith("g711");
  const allowedRates: readonly number[] = isG711 ? [8000] : PCM16_INPUT_RATES;
  if (typeof rate !== "number" || !allowedRates.includes(rate)) {
    return field(
      "session.input_audio_sampling_rate",
      rate,
      `Supported values for ${String(config.input_audio_format)} are: ${allowedRates.join(", ")}.`,
    );
  }
  const td = config.turn_detection;
  if (td !== null) {
    if (!isObject(td)) return { param: "session.turn_detection", message: "Invalid turn_detection." };
    if (!(TURN_DETECTION_TYPES as readonly unknown[]).includes(td.type)) {
      return field(
        "session.turn_detection.type",
        td.type,
        `Supported values are: ${TURN_DETECTION_TYPES.join(", ")}.`,
      );
    }
    if (typeof td.threshold !== "number" || td.threshold < 0.01 || td.threshold >= 1) {
      return field("session.turn_detection.threshold", td.threshold, "Expected a number in [0.01, 1.0).");
    }
    for (const name of ["prefix_padding_ms", "silence_duration_ms", "speech_duration_ms"] as const) {
      const v = td[name];
      if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 10_000)) {
        return field(`session.turn_detection.${name}`, v, "Expected an integer between 0 and 10000.");
      }
    }
    for (const name of ["create_response", "interrupt_response", "auto_truncate"] as const) {
      if (td[name] !== undefined && typeof td[name] !== "boolean") {
        return field(`session.turn_detection.${name}`, td[name], "Expected a boolean.");
      }
    }
  }
  const temperature = config.temperature;
  if (typeof temperature !== "number" || temperature < 0.6 || temperature > 1.2) {
    return field("session.temperature", temperature, "Expected a number in [0.6, 1.2].");
  }
  const maxTokens = config.max_response_output_tokens;
  if (
    maxTokens !== "inf" &&
    (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 4096)
  ) {
    return field(
      "session.max_response_output_tokens",
      maxTokens,
      "Expected an integer in [1, 4096] or 'inf'.",
    );
  }
  const voice = config.voice;
  if (!(typeof voice === "string" || (isObject(voice) && typeof voice.name === "string"))) {
    return { param: "session.voice", message: "Invalid voice: expected a name or an object with a name." };
  }
  if (typeof config.instructions !== "string") {
    return { param: "session.instructions", message: "Invalid instructions: expected a string." };
  }
  if (!Array.isArray(config.tools))
    return { param: "session.tools", message: "Invalid tools: expected an array." };
  return undefined;
}

function field(param: string, value: unknown, detail: string): InvalidSessionField {
  return { param, message: `Invalid value for '${param}': ${describe(value)}. ${detail}` };
}

/** Short rendering of a rejected value that never echoes long or nested client content. */
function describe(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "string") return `'${value.slice(0, 40)}'`;
  if (value === undefined) return "missing";
  return Array.isArray(value) ? "an array" : "an object";
}

function invalid(param: string, detail: string): { ok: false; error: InvalidSessionField } {
  return { ok: false, error: { param, message: `Invalid value for '${param}': ${detail}.` } };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The VAD settings a turn_detection object asks for (documented defaults where it is silent). */
export function vadSettingsOf(turnDetection: JsonObject): VadSettings {
  const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);
  const semantic = String(turnDetection.type ?? "").startsWith("azure_semantic");
  return {
    threshold: num(turnDetection.threshold, 0.5),
    prefixPaddingMs: num(turnDetection.prefix_padding_ms, 300),
    silenceDurationMs: num(turnDetection.silence_duration_ms, 500),
    speechDurationMs: num(turnDetection.speech_duration_ms, semantic ? 80 : 200),
  };
}

/** Output sample rate implied by output_audio_format. */
export function outputRateHz(format: unknown): number {
  if (format === "pcm16_16000hz") return 16000;
  if (format === "pcm16_8000hz" || format === "g711_ulaw" || format === "g711_alaw") return 8000;
  return 24000;
}
