// The Functions app's settings, read once from the environment (Azure app settings, or the dev host's env)
// with the same names everywhere. Validation collects every problem so one start names all of them.
import {
  ACS_ISSUER,
  ACS_JWKS_URL,
  type AcsAudioFormat,
  type DestinationPolicy,
  parseAcsAudioFormat,
  parseDestinationPolicy,
} from "@acs-voice/shared";
import { z } from "zod";
import { ConfigurationError, type SettingProblem } from "./configuration-error.js";
import { isLoopbackUrl } from "./loopback.js";
import type { FunctionsEnv, FunctionsSettingName } from "./settings-schema.js";

export type AcsAccess =
  | { kind: "connection-string"; connectionString: string; endpoint: URL }
  | { kind: "managed-identity"; endpoint: URL };

export type StorageAccess =
  | { kind: "connection-string"; connectionString: string }
  | { kind: "identity"; tableServiceUrl: string; managedIdentityClientId: string | undefined };

export interface FunctionsSettings {
  acs: AcsAccess;
  /** wss://…/media: where ACS opens the call's media WebSocket. */
  mediaWorkerUrl: string;
  /** Public base URL of this app, no trailing slash; callbacks go to `${callbackBaseUrl}/api/callbacks`. */
  callbackBaseUrl: string;
  acsAudience: string;
  acsJwksUrl: string;
  acsIssuer: string;
  audioFormat: AcsAudioFormat;
  /** E.164 number outbound calls come from; outbound calls are refused without it. */
  callerId: string | undefined;
  /**
   * Where the app's tables live (answer claims, call records, tickets, the media watch). In Azure: the data
   * storage account (STORAGE_TABLE_ENDPOINT, managed identity), never the Functions host's own account,
   * which holds its keys and deployment package. Without it (local runs): AzureWebJobsStorage (Azurite).
   */
  storage: StorageAccess;
  /**
   * The resource's numbers this bot answers (E.164). Empty: every IncomingCall is answered. A call to
   * another number, or from one of these (a transfer looping back into the bot), is left alone.
   */
  botNumbers: readonly string[];
  /** Where a call whose media cannot be connected goes; undefined: a short tone, then the hang-up. */
  fallbackTransferNumber: string | undefined;
  /** The audio played before such a hang-up (a recording of your own); undefined: the built-in tone. */
  apologyAudioUrl: string | undefined;
  /** How long after CallConnected a call's media must have started before the watchdog acts; 0: off. */
  mediaWatchdogMs: number;
  /** Calls whose records were last written longer ago than this are deleted; 0: kept until deleted by hand. */
  callRecordsRetentionDays: number;
  /** Where outbound calls may go (ALLOWED_DESTINATIONS; by default the fallback transfer number only). */
  destinations: DestinationPolicy;
  /** Outbound calls per hour, over every instance: in all, and to any one number. */
  outboundCaps: { perHour: number; perDestinationPerHour: number };
}

export const DEFAULT_AUDIO_FORMAT: AcsAudioFormat = "pcm24KMono";
/** ACS reports a media leg's outcome within about a second; five leave room for a slow worker. */
const DEFAULT_MEDIA_WATCHDOG_SECONDS = 5;
/** Transcripts are personal data: kept a month by default, not forever. */
const DEFAULT_CALL_RECORDS_RETENTION_DAYS = 30;
/** A bot that dials out a few times an hour needs no more; raise it knowingly. */
const DEFAULT_OUTBOUND_CALLS_PER_HOUR = 20;
const DEFAULT_OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR = 3;

const E164 = /^\+[1-9]\d{6,14}$/;

function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min).max(max, `must be at most ${max}`));
}
const ACS_CONNECTION_STRING = /^endpoint=([^;]+);accesskey=([^;]+)$/i;

type Env = FunctionsEnv;

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value === "" ? undefined : value));

function secureUrl(schemes: { secure: string; insecure: string }) {
  return z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      ctx.addIssue({ code: "custom", message: `must be a ${schemes.secure}// URL` });
      return z.NEVER;
    }
    const allowed =
      url.protocol === schemes.secure || (url.protocol === schemes.insecure && isLoopbackUrl(url));
    if (!allowed) {
      ctx.addIssue({
        code: "custom",
        message: `must use ${schemes.secure}// (${schemes.insecure}// only for 127.0.0.1/localhost)`,
      });
      return z.NEVER;
    }
    return url;
  });
}

const acsConnectionString = z.string().transform((value, ctx) => {
  const endpoint = safeUrl(ACS_CONNECTION_STRING.exec(value)?.[1]);
  if (endpoint === undefined || !(endpoint.protocol === "https:" || isLoopbackUrl(endpoint))) {
    ctx.addIssue({
      code: "custom",
      message: "must look like endpoint=https://<resource>.communication.azure.com/;accesskey=<key>",
    });
    return z.NEVER;
  }
  return { connectionString: value, endpoint };
});

const envSchema = z.object({
  ACS_CONNECTION_STRING: optionalText.pipe(acsConnectionString.optional()),
  ACS_ENDPOINT: optionalText.pipe(secureUrl({ secure: "https:", insecure: "http:" }).optional()),
  MEDIA_WORKER_URL: secureUrl({ secure: "wss:", insecure: "ws:" }),
  CALLBACK_BASE_URL: secureUrl({ secure: "https:", insecure: "http:" }),
  ACS_AUDIENCE: z.string().trim().min(1, "must be the ACS resource's immutable resource id"),
  ACS_JWKS_URL: optionalText.pipe(secureUrl({ secure: "https:", insecure: "http:" }).optional()),
  ACS_ISSUER: optionalText,
  ACS_AUDIO_FORMAT: optionalText.pipe(
    z
      .string()
      .transform((value, ctx) => {
        const format = parseAcsAudioFormat(value);
        if (format === undefined) {
          ctx.addIssue({ code: "custom", message: "must be pcm24KMono or pcm16KMono" });
          return z.NEVER;
        }
        return format;
      })
      .optional(),
  ),
  ACS_CALLER_ID: optionalText.pipe(
    z.string().regex(E164, "must be an E.164 phone number such as +14255550100").optional(),
  ),
  AzureWebJobsStorage: optionalText,
  AzureWebJobsStorage__accountName: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9]{3,24}$/, "must be a storage account name (3-24 lower-case letters and digits)")
      .optional(),
  ),
  AzureWebJobsStorage__tableServiceUri: optionalText.pipe(
    secureUrl({ secure: "https:", insecure: "http:" }).optional(),
  ),
  AzureWebJobsStorage__clientId: optionalText,
  STORAGE_TABLE_ENDPOINT: optionalText.pipe(secureUrl({ secure: "https:", insecure: "http:" }).optional()),
  AZURE_CLIENT_ID: optionalText,
  BOT_PHONE_NUMBERS: optionalText.pipe(
    z
      .string()
      .transform((value) => value.split(/[\s,;]+/).filter((n) => n !== ""))
      .pipe(
        z.array(
          z.string().regex(E164, "must list E.164 phone numbers such as +14255550100, comma-separated"),
        ),
      )
      .optional(),
  ),
  FALLBACK_TRANSFER_NUMBER: optionalText.pipe(
    z.string().regex(E164, "must be an E.164 phone number such as +14255550199").optional(),
  ),
  APOLOGY_AUDIO_URL: optionalText.pipe(secureUrl({ secure: "https:", insecure: "http:" }).optional()),
  MEDIA_WATCHDOG_SECONDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, "must be a whole number of seconds (0 turns the watchdog off)")
      .transform(Number)
      .pipe(z.number().max(120, "must be at most 120 seconds"))
      .optional(),
  ),
  ALLOWED_DESTINATIONS: optionalText,
  OUTBOUND_CALLS_PER_HOUR: optionalText.pipe(wholeNumber(0, 10_000).optional()),
  OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR: optionalText.pipe(wholeNumber(0, 1_000).optional()),
  CALL_RECORDS_RETENTION_DAYS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, "must be a whole number of days (0 keeps call records until deleted by hand)")
      .transform(Number)
      .pipe(z.number().max(3650, "must be at most 3650 days"))
      .optional(),
  ),
} satisfies { [Name in FunctionsSettingName]?: z.ZodType });

/** Reads and validates the settings; throws one `ConfigurationError` that names every bad setting. */
export function loadSettings(env: Env): FunctionsSettings {
  const parsed = envSchema.safeParse(env);
  const problems: SettingProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        setting: String(issue.path[0] ?? "(settings)"),
        problem: issue.code === "invalid_type" ? "is required" : issue.message,
      }));
  problems.push(...missingAlternatives(env));
  const policy = parsed.success
    ? parseDestinationPolicy(
        parsed.data.ALLOWED_DESTINATIONS,
        parsed.data.FALLBACK_TRANSFER_NUMBER === undefined ? [] : [parsed.data.FALLBACK_TRANSFER_NUMBER],
      )
    : undefined;
  if (policy && !policy.ok) problems.push({ setting: "ALLOWED_DESTINATIONS", problem: policy.problem });
  if (!parsed.success || problems.length > 0 || !policy?.ok) throw new ConfigurationError(problems);
  const destinations = policy.policy;

  const data = parsed.data;
  const acs = acsAccess(data);
  const storage = storageAccess(data);
  // Unreachable after missingAlternatives(); kept so the types need no assertion.
  if (acs === undefined || storage === undefined) throw new ConfigurationError(missingAlternatives({}));
  return {
    acs,
    mediaWorkerUrl: data.MEDIA_WORKER_URL.toString(),
    callbackBaseUrl: data.CALLBACK_BASE_URL.toString().replace(/\/+$/, ""),
    acsAudience: data.ACS_AUDIENCE,
    acsJwksUrl: data.ACS_JWKS_URL?.toString() ?? ACS_JWKS_URL,
    acsIssuer: data.ACS_ISSUER ?? ACS_ISSUER,
    audioFormat: data.ACS_AUDIO_FORMAT ?? DEFAULT_AUDIO_FORMAT,
    callerId: data.ACS_CALLER_ID,
    storage,
    botNumbers: data.BOT_PHONE_NUMBERS ?? [],
    fallbackTransferNumber: data.FALLBACK_TRANSFER_NUMBER,
    apologyAudioUrl: data.APOLOGY_AUDIO_URL?.toString(),
    mediaWatchdogMs: (data.MEDIA_WATCHDOG_SECONDS ?? DEFAULT_MEDIA_WATCHDOG_SECONDS) * 1000,
    callRecordsRetentionDays: data.CALL_RECORDS_RETENTION_DAYS ?? DEFAULT_CALL_RECORDS_RETENTION_DAYS,
    destinations,
    outboundCaps: {
      perHour: data.OUTBOUND_CALLS_PER_HOUR ?? DEFAULT_OUTBOUND_CALLS_PER_HOUR,
      perDestinationPerHour:
        data.OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR ?? DEFAULT_OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR,
    },
  };
}

type ParsedEnv = z.infer<typeof envSchema>;

// Settings that may be given in one of several forms: each is reported once, under its main name.
function missingAlternatives(env: Env): SettingProblem[] {
  const present = (name: FunctionsSettingName) => (env[name] ?? "").trim() !== "";
  const problems: SettingProblem[] = [];
  if (!present("ACS_CONNECTION_STRING") && !present("ACS_ENDPOINT")) {
    problems.push({
      setting: "ACS_CONNECTION_STRING",
      problem: "is required (or set ACS_ENDPOINT to use the managed identity)",
    });
  }
  if (
    !present("STORAGE_TABLE_ENDPOINT") &&
    !present("AzureWebJobsStorage") &&
    !present("AzureWebJobsStorage__accountName") &&
    !present("AzureWebJobsStorage__tableServiceUri")
  ) {
    problems.push({
      setting: "AzureWebJobsStorage",
      problem:
        "is required (a connection string, UseDevelopmentStorage=true for Azurite, or AzureWebJobsStorage__accountName for the managed identity)",
    });
  }
  return problems;
}

function acsAccess(data: ParsedEnv): AcsAccess | undefined {
  if (data.ACS_CONNECTION_STRING !== undefined)
    return { kind: "connection-string", ...data.ACS_CONNECTION_STRING };
  return data.ACS_ENDPOINT === undefined
    ? undefined
    : { kind: "managed-identity", endpoint: data.ACS_ENDPOINT };
}

function storageAccess(data: ParsedEnv): StorageAccess | undefined {
  // The data account comes first: in Azure the host's AzureWebJobsStorage is set too, for the host only.
  if (data.STORAGE_TABLE_ENDPOINT !== undefined) {
    return {
      kind: "identity",
      tableServiceUrl: data.STORAGE_TABLE_ENDPOINT.toString().replace(/\/+$/, ""),
      managedIdentityClientId: data.AZURE_CLIENT_ID ?? data.AzureWebJobsStorage__clientId,
    };
  }
  if (data.AzureWebJobsStorage !== undefined) {
    return { kind: "connection-string", connectionString: data.AzureWebJobsStorage };
  }
  const managedIdentityClientId = data.AzureWebJobsStorage__clientId;
  if (data.AzureWebJobsStorage__tableServiceUri !== undefined) {
    const tableServiceUrl = data.AzureWebJobsStorage__tableServiceUri.toString().replace(/\/+$/, "");
    return { kind: "identity", tableServiceUrl, managedIdentityClientId };
  }
  const account = data.AzureWebJobsStorage__accountName;
  if (account === undefined) return undefined;
  return {
    kind: "identity",
    tableServiceUrl: `https://${account}.table.core.windows.net`,
    managedIdentityClientId,
  };
}

function safeUrl(value: string | undefined): URL | undefined {
  return value !== undefined && URL.canParse(value) ? new URL(value) : undefined;
}
