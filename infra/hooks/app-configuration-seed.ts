// The bot's run-time settings in App Configuration: what the postprovision hook writes, and how.
//
// Seeded keys (prompt, greeting, voice, VAD, tools, timeouts, sentinel) are created only when missing, so a
// value edited in the portal survives every later `azd provision` (ARM used to overwrite them all). The keys
// that follow an azd setting (TRANSFER_NUMBER: `transferNumber`, `tools:transferToHuman`) are written whenever
// that setting is set, and when such a write changes an existing store the sentinel is bumped so running
// services reload. Key names and value formats: media-worker/src/config-source/call-settings.ts.
import { AppConfigurationError, type KeyValueStore } from "./app-configuration-client.js";
import { defaultVoiceFor } from "./regions.js";
import { RetriesExhaustedError, retry } from "./retry.js";

export const KEY_PREFIX = "voicebot:";
export const SENTINEL = "sentinel";

export const DEFAULT_SYSTEM_PROMPT =
  "You are a friendly, concise phone assistant. Speak in short sentences. If the caller asks for a person, use the transfer_to_human tool. When the caller says goodbye, say goodbye and use the end_call tool.";
export const DEFAULT_GREETING = "Hello! How can I help you today?";

export interface SeedInput {
  /** AZURE_LOCATION: picks a voice the region offers. */
  location: string;
  /** TRANSFER_NUMBER from the azd environment; empty when not set. */
  transferNumber: string;
}

export interface KeyValue {
  /** Without the prefix. */
  key: string;
  value: string;
  /** `seed`: create when missing. `sync`: follows the azd environment on every provision. */
  mode: "seed" | "sync";
}

export function desiredKeyValues(input: SeedInput): KeyValue[] {
  const seed = (key: string, value: string): KeyValue => ({ key, value, mode: "seed" });
  const transfer = input.transferNumber.trim();
  return [
    seed("systemPrompt", DEFAULT_SYSTEM_PROMPT),
    seed("greeting", DEFAULT_GREETING),
    seed("voice", defaultVoiceFor(input.location)),
    seed("vad:type", "azure_semantic_vad"),
    seed("vad:threshold", "0.5"),
    seed("vad:prefixPaddingMs", "300"),
    seed("vad:silenceDurationMs", "500"),
    seed("tools:endCall", "true"),
    seed("timeouts:maxCallSeconds", "1800"),
    seed("timeouts:callerSilenceSeconds", "30"),
    ...(transfer
      ? [
          { key: "transferNumber", value: transfer, mode: "sync" as const },
          { key: "tools:transferToHuman", value: "true", mode: "sync" as const },
        ]
      : [seed("tools:transferToHuman", "false")]),
  ];
}

export interface SeedResult {
  created: string[];
  updated: string[];
  kept: string[];
  sentinelBumped: boolean;
}

/** One pass over the store: idempotent, so running it again (or after a partial failure) is safe. */
export async function applyKeyValues(
  store: KeyValueStore,
  label: string,
  keyValues: readonly KeyValue[],
  now: () => number,
): Promise<SeedResult> {
  const result: SeedResult = { created: [], updated: [], kept: [], sentinelBumped: false };
  for (const { key, value, mode } of keyValues) {
    const name = `${KEY_PREFIX}${key}`;
    if (mode === "seed") {
      const outcome = await store.put(name, label, value, { onlyIfAbsent: true });
      (outcome === "written" ? result.created : result.kept).push(name);
    } else if ((await store.get(name, label)) === value) {
      result.kept.push(name);
    } else {
      await store.put(name, label, value, { onlyIfAbsent: false });
      result.updated.push(name);
    }
  }
  // Last, so a store without a sentinel is seeded completely before services see one.
  const sentinel = `${KEY_PREFIX}${SENTINEL}`;
  const created = await store.put(sentinel, label, "1", { onlyIfAbsent: true });
  if (created === "written") {
    result.created.push(sentinel);
  } else if (result.updated.length > 0) {
    await store.put(sentinel, label, String(now()), { onlyIfAbsent: false });
    result.sentinelBumped = true;
  }
  return result;
}

/**
 * 401/403 while the deployer's new role propagates, 429, 5xx and network errors are worth waiting out; a 400
 * or 404 is not.
 */
export function isRetryableStoreError(error: unknown): boolean {
  if (error instanceof AppConfigurationError) {
    return [401, 403, 408, 429].includes(error.status) || error.status >= 500;
  }
  return error instanceof TypeError; // fetch: DNS, connection refused or reset
}

export interface SeedDeps {
  store: KeyValueStore;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
  now(): number;
}

export interface SeedOptions {
  endpoint: string;
  label: string;
  input: SeedInput;
  /** Role assignments usually apply within a minute or two; Azure documents up to ten. */
  maxAttempts?: number;
  retryDelayMs?: number;
}

export class SeedError extends Error {
  override readonly name = "SeedError";
}

export function describeStoreError(error: unknown): string {
  if (error instanceof AppConfigurationError) return `HTTP ${error.status} on ${error.operation}`;
  return error instanceof Error ? error.name : "unknown error";
}

export async function seedAppConfiguration(deps: SeedDeps, options: SeedOptions): Promise<SeedResult> {
  const maxAttempts = options.maxAttempts ?? 40;
  const retryDelayMs = options.retryDelayMs ?? 15_000;
  const keyValues = desiredKeyValues(options.input);
  try {
    const result = await retry(() => applyKeyValues(deps.store, options.label, keyValues, deps.now), {
      maxAttempts,
      delayMs: retryDelayMs,
      sleep: deps.sleep,
      isRetryable: isRetryableStoreError,
      onRetry: (attempt, error) =>
        deps.log(
          `App Configuration: attempt ${attempt}/${maxAttempts} failed (${describeStoreError(error)}); ` +
            `a new role assignment can take a few minutes to apply, retrying in ${Math.round(retryDelayMs / 1000)} s`,
        ),
    });
    deps.log(
      `App Configuration: ${result.created.length} key(s) created, ${result.updated.length} updated, ` +
        `${result.kept.length} kept as they were (label '${options.label}')` +
        (result.sentinelBumped ? "; sentinel bumped so running services reload" : ""),
    );
    return result;
  } catch (error) {
    const cause = error instanceof RetriesExhaustedError ? error.lastError : error;
    const attempts = error instanceof RetriesExhaustedError ? ` after ${error.attempts} attempts` : "";
    const hint =
      cause instanceof AppConfigurationError && (cause.status === 401 || cause.status === 403)
        ? " The signed-in identity needs App Configuration Data Owner on the store: main.bicep grants it to " +
          "AZURE_PRINCIPAL_ID (check `azd env get-value AZURE_PRINCIPAL_ID` is you)."
        : "";
    throw new SeedError(
      `could not seed ${options.endpoint}${attempts} (${describeStoreError(cause)}).${hint} ` +
        "The services run on their built-in defaults until it is seeded: run `azd hooks run postprovision`.",
    );
  }
}
