// The route table: the single source of truth for what this app serves. The Azure entry (index.ts)
// registers it with app.http; the local dev host (local/src/functions-host) serves it on node:http.
import type { AcsTokenVerifier } from "@acs-voice/shared";
import type { CallAutomation } from "./acs/call-automation.js";
import { mediaStreamingOptions } from "./acs/media-streaming-options.js";
import type { AuditLog } from "./audit/audit-log.js";
import type { CallEventSink } from "./callbacks/call-event-sink.js";
import type { CallRecords } from "./callbacks/call-records.js";
import { callbacksRoute } from "./callbacks/callbacks-route.js";
import type { ControlPlane } from "./control-plane/control-plane.js";
import { healthRoute } from "./health/health-route.js";
import { errorResponse } from "./http/responses.js";
import type { Route } from "./http/route.js";
import type { AnswerClaims } from "./incoming-call/answer-claims.js";
import { DEFAULT_ANSWER_TIMEOUT_MS } from "./incoming-call/answer-incoming-call.js";
import { incomingCallRoute } from "./incoming-call/incoming-call-route.js";
import type { Job } from "./jobs/job.js";
import { callsRoute } from "./outbound/calls-route.js";
import type { OutboundLimits } from "./outbound/outbound-limits.js";
import { APOLOGY_AUDIO_PATH, apologyAudioRoute } from "./rescue/apology-audio-route.js";
import { createMediaRescue, type MediaRescue } from "./rescue/media-rescue.js";
import type { MediaWatch } from "./rescue/media-watch.js";
import { mediaWatchdogJob } from "./rescue/media-watchdog.js";
import type { CallRecordsPurge } from "./retention/call-records-purge.js";
import { callRecordsRetentionJob } from "./retention/call-records-retention-job.js";
import type { ConfigurationError } from "./settings/configuration-error.js";
import type { FunctionsSettings } from "./settings/settings.js";
import { callLegUrls } from "./tickets/call-leg-urls.js";
import type { CallTickets } from "./tickets/call-tickets.js";

export interface AppDependencies {
  settings: FunctionsSettings;
  callAutomation: CallAutomation;
  claims: AnswerClaims;
  callRecords: CallRecords;
  /** Binds each call's media and callbacks to this app's answer (shared/src/tickets). */
  tickets: CallTickets;
  /** Hourly caps on outbound calls, over every instance. */
  outboundLimits: OutboundLimits;
  /** Who asked for which call or transfer, and what came of it. */
  audit: AuditLog;
  events: CallEventSink;
  verifyAcsToken: AcsTokenVerifier;
  /** Monitor page, negotiate and supervisor actions (each answers 503 while Web PubSub is not configured). */
  controlPlane?: ControlPlane;
  /** Calls waiting for their media (the watchdog's list); none: no watchdog. */
  mediaWatch?: MediaWatch;
  /** Deletes calls older than CALL_RECORDS_RETENTION_DAYS from the call records; none: no purge. */
  callRecordsPurge?: CallRecordsPurge;
  now?: () => Date;
  answerTimeoutMs?: number;
}

export const CALLBACKS_PATH = "/api/callbacks";

/** The rescue of calls whose media fails (one per app, shared by the callbacks route and the watchdog). */
export function mediaRescueOf(deps: AppDependencies): MediaRescue {
  const { settings } = deps;
  return createMediaRescue({
    callAutomation: deps.callAutomation,
    settings: {
      fallbackTransferNumber: settings.fallbackTransferNumber,
      apologyAudioUrl: settings.apologyAudioUrl ?? `${settings.callbackBaseUrl}${APOLOGY_AUDIO_PATH}`,
      callerId: settings.callerId,
    },
    watch: deps.mediaWatch,
    ...(deps.now ? { now: deps.now } : {}),
  });
}

/** The scheduled jobs: the media watchdog when calls are watched, the purge when records expire. */
export function createJobs(deps: AppDependencies, rescue: MediaRescue = mediaRescueOf(deps)): Job[] {
  const jobs = deps.mediaWatch ? [mediaWatchdogJob(deps.mediaWatch, rescue, deps.now)] : [];
  const retentionDays = deps.settings.callRecordsRetentionDays;
  if (deps.callRecordsPurge && retentionDays > 0) {
    jobs.push(callRecordsRetentionJob(deps.callRecordsPurge, retentionDays, deps.now));
  }
  return jobs;
}

export function createRoutes(deps: AppDependencies): Route[] {
  const { settings } = deps;
  const legUrls = callLegUrls(
    `${settings.callbackBaseUrl}${CALLBACKS_PATH}`,
    mediaStreamingOptions(settings.mediaWorkerUrl, settings.audioFormat),
  );
  const now = deps.now ?? (() => new Date());
  return [
    incomingCallRoute({
      callAutomation: deps.callAutomation,
      claims: deps.claims,
      callRecords: deps.callRecords,
      tickets: deps.tickets,
      legUrls,
      answerTimeoutMs: deps.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS,
      botNumbers: settings.botNumbers,
      now,
    }),
    callbacksRoute({
      verifyAcsToken: deps.verifyAcsToken,
      tickets: deps.tickets,
      callRecords: deps.callRecords,
      events: deps.events,
      rescue: mediaRescueOf(deps),
      now,
    }),
    callsRoute({
      callAutomation: deps.callAutomation,
      callRecords: deps.callRecords,
      callerId: settings.callerId,
      tickets: deps.tickets,
      legUrls,
      destinations: settings.destinations,
      limits: deps.outboundLimits,
      audit: deps.audit,
      now,
    }),
    healthRoute(),
    apologyAudioRoute(),
    ...(deps.controlPlane?.routes() ?? []),
  ];
}

/**
 * The same routes for an app whose settings are invalid: each answers 503 naming the bad settings (names
 * only, never values), so a deployment with a typo says what is wrong instead of serving 404s.
 */
export function createUnconfiguredRoutes(error: ConfigurationError): Route[] {
  const settings = error.problems.map((p) => p.setting);
  const message = `the app is not configured: check ${settings.join(", ")}`;
  const template: Array<Pick<Route, "name" | "methods" | "authLevel" | "route">> = [
    { name: "incomingCall", methods: ["POST", "OPTIONS"], authLevel: "function" },
    { name: "callbacks", route: "callbacks/{ticket}", methods: ["POST"], authLevel: "anonymous" },
    { name: "calls", methods: ["POST"], authLevel: "function" },
    { name: "health", methods: ["GET"], authLevel: "anonymous" },
    { name: "apologyAudio", route: "apology.wav", methods: ["GET"], authLevel: "anonymous" },
    { name: "monitor", methods: ["GET"], authLevel: "anonymous" },
    { name: "monitorNegotiate", route: "monitor/negotiate", methods: ["GET"], authLevel: "anonymous" },
    {
      name: "callActions",
      route: "calls/{callConnectionId}/actions",
      methods: ["POST"],
      authLevel: "anonymous",
    },
  ];
  return template.map((route) => ({
    ...route,
    maxBodyBytes: 0,
    async handle() {
      return errorResponse(503, "not-configured", message);
    },
  }));
}
