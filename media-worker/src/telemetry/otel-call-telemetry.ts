import {
  type Attributes,
  type Meter,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";
import type { CallEvent, TurnRecord } from "../session/call-events.js";
import type { CallIds, CallSummary } from "../session/call-session.js";
import type { CallRecorder, CallTelemetry, MediaTiming } from "./call-telemetry.js";
import { INSTRUMENTS } from "./instruments.js";
import { observeVoiceLivePool } from "./voice-live-pool-telemetry.js";

export interface OtelCallTelemetryOptions {
  meter: Meter;
  tracer: Tracer;
  /** Time one inbound frame in this many (50 = once a second per call at 20 ms frames). */
  frameSampleEvery: number;
  /** Flushes and stops the providers behind `meter` and `tracer`. */
  shutdown?: () => Promise<void>;
}

/** Attribute sets are built once: recording them allocates nothing per measurement. */
const RECONNECT_SUCCEEDED: Attributes = Object.freeze({ outcome: "succeeded" });
const RECONNECT_FAILED: Attributes = Object.freeze({ outcome: "failed" });
const INBOUND: Attributes = Object.freeze({ direction: "inbound" });
const OUTBOUND: Attributes = Object.freeze({ direction: "outbound" });
const TOKEN_KINDS = {
  inputText: Object.freeze({ kind: "input_text" }),
  inputAudio: Object.freeze({ kind: "input_audio" }),
  outputText: Object.freeze({ kind: "output_text" }),
  outputAudio: Object.freeze({ kind: "output_audio" }),
} satisfies Record<string, Attributes>;

/**
 * CallTelemetry on the OpenTelemetry API: metrics without call ids (low cardinality for
 * `customMetrics`), and one SERVER span per call carrying the ACS ids, with an event per turn, barge-in,
 * tool call, key sequence and Voice Live change. Never a phone number or a transcript.
 */
export function createOtelCallTelemetry(options: OtelCallTelemetryOptions): CallTelemetry {
  const { meter, tracer } = options;
  const activeCalls = meter.createUpDownCounter(INSTRUMENTS.activeCalls.name, {
    unit: INSTRUMENTS.activeCalls.unit,
    description: "Calls with an open media socket",
  });
  const timeToFirstAudio = meter.createHistogram(INSTRUMENTS.timeToFirstAudio.name, {
    unit: INSTRUMENTS.timeToFirstAudio.unit,
    description: "Media socket accepted → first bot audio frame sent to ACS",
  });
  const turnLatency = meter.createHistogram(INSTRUMENTS.turnLatency.name, {
    unit: INSTRUMENTS.turnLatency.unit,
    description: "Caller stopped speaking → first audio frame of the reply sent to ACS",
  });
  const bargeInStop = meter.createHistogram(INSTRUMENTS.bargeInStop.name, {
    unit: INSTRUMENTS.bargeInStop.unit,
    description: "speech_started received → StopAudio sent to ACS",
  });
  const frameProcessing = meter.createHistogram(INSTRUMENTS.frameProcessing.name, {
    unit: INSTRUMENTS.frameProcessing.unit,
    description: "One inbound frame: decode → resample → input_audio_buffer.append sent (sampled)",
  });
  const reconnects = meter.createCounter(INSTRUMENTS.voiceLiveReconnects.name, {
    unit: INSTRUMENTS.voiceLiveReconnects.unit,
    description: "Voice Live reconnect attempts after a dropped session",
  });
  const droppedFrames = meter.createCounter(INSTRUMENTS.droppedFrames.name, {
    unit: INSTRUMENTS.droppedFrames.unit,
    description: "Audio frames dropped by a full bounded queue",
  });
  const tokens = meter.createCounter(INSTRUMENTS.tokens.name, {
    unit: INSTRUMENTS.tokens.unit,
    description: "Voice Live token usage (response.done)",
  });

  const sampleEvery = Math.max(1, Math.floor(options.frameSampleEvery));
  let framesSinceSample = 0;
  const mediaTiming: MediaTiming = {
    sampleFrame() {
      framesSinceSample++;
      if (framesSinceSample < sampleEvery) return false;
      framesSinceSample = 0;
      return true;
    },
    frameProcessed: (durationUs) => frameProcessing.record(durationUs),
    bargeInStopped: (durationMs) => bargeInStop.record(durationMs),
  };

  function recordTurn(span: Span, turn: TurnRecord): void {
    if (turn.latencyMs !== undefined) turnLatency.record(turn.latencyMs);
    const usage = turn.usage;
    if (usage) {
      if (usage.inputTextTokens > 0) tokens.add(usage.inputTextTokens, TOKEN_KINDS.inputText);
      if (usage.inputAudioTokens > 0) tokens.add(usage.inputAudioTokens, TOKEN_KINDS.inputAudio);
      if (usage.outputTextTokens > 0) tokens.add(usage.outputTextTokens, TOKEN_KINDS.outputText);
      if (usage.outputAudioTokens > 0) tokens.add(usage.outputAudioTokens, TOKEN_KINDS.outputAudio);
    }
    // Texts stay out: the transcript belongs in call records, not in a telemetry store.
    span.addEvent("turn", {
      "turn.index": turn.index,
      "turn.status": turn.status,
      ...(turn.latencyMs !== undefined ? { "turn.latency_ms": turn.latencyMs } : {}),
      ...(turn.bargeIn?.heardMs !== undefined ? { "turn.heard_ms": turn.bargeIn.heardMs } : {}),
      "turn.tool_calls": turn.tools.length,
      ...(usage
        ? {
            "tokens.input_text": usage.inputTextTokens,
            "tokens.input_audio": usage.inputAudioTokens,
            "tokens.cached_input": usage.cachedInputTokens,
            "tokens.output_text": usage.outputTextTokens,
            "tokens.output_audio": usage.outputAudioTokens,
          }
        : {}),
    });
  }

  function callStarted(ids: CallIds): CallRecorder {
    activeCalls.add(1);
    const span = tracer.startSpan("call", {
      kind: SpanKind.SERVER,
      attributes: {
        "call.id": ids.callId,
        ...(ids.callConnectionId ? { "acs.call_connection_id": ids.callConnectionId } : {}),
        ...(ids.correlationId ? { "acs.correlation_id": ids.correlationId } : {}),
      },
    });
    let ended = false;
    return {
      onEvent(event: CallEvent) {
        if (ended) return;
        switch (event.type) {
          case "turn":
            recordTurn(span, event.turn);
            return;
          case "barge-in":
            span.addEvent(
              "barge-in",
              event.heardMs !== undefined ? { "bargein.heard_ms": event.heardMs } : undefined,
            );
            return;
          case "tool":
            span.addEvent("tool", {
              "tool.name": event.name,
              "tool.status": event.status,
              "tool.duration_ms": event.durationMs,
            });
            return;
          case "dtmf":
            span.addEvent("dtmf", { "dtmf.key_count": event.keyCount });
            return;
          case "voice-live":
            if (event.change === "reconnected") reconnects.add(1, RECONNECT_SUCCEEDED);
            if (event.change === "failed") reconnects.add(1, RECONNECT_FAILED);
            span.addEvent(`voice-live.${event.change}`);
            return;
          case "state":
            span.addEvent("state", { "call.state": event.state });
            return;
          case "transcript":
          case "ended":
            // Transcripts stay out of telemetry; the end is recorded by callEnded with its summary.
            return;
        }
      },
      callEnded(summary: CallSummary) {
        if (ended) return;
        ended = true;
        activeCalls.add(-1);
        const { metrics } = summary;
        if (metrics.timeToFirstAudioMs !== undefined) timeToFirstAudio.record(metrics.timeToFirstAudioMs);
        if (metrics.inboundDropped > 0) droppedFrames.add(metrics.inboundDropped, INBOUND);
        if (metrics.outboundDropped > 0) droppedFrames.add(metrics.outboundDropped, OUTBOUND);
        span.setAttributes({
          "call.end_reason": summary.reason,
          "call.duration_ms": summary.durationMs,
          "call.frames_in": metrics.framesIn,
          "call.frames_out": metrics.framesOut,
          "call.inbound_dropped": metrics.inboundDropped,
          "call.outbound_dropped": metrics.outboundDropped,
          "call.barge_ins": metrics.bargeIns,
          "call.responses": metrics.responses,
          "call.tool_calls": metrics.toolCalls,
          "call.tool_failures": metrics.toolFailures,
          "call.voicelive_reconnects": metrics.voiceLiveReconnects,
          "call.voicelive_errors": metrics.voiceLiveErrors,
          ...(metrics.timeToFirstAudioMs !== undefined
            ? { "call.time_to_first_audio_ms": metrics.timeToFirstAudioMs }
            : {}),
        });
        if (FAILED_ENDINGS.has(summary.reason)) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: summary.reason });
        }
        span.end();
      },
    };
  }

  return {
    callStarted,
    mediaTiming,
    observeVoiceLivePool: (stats) => observeVoiceLivePool(meter, stats),
    shutdown: options.shutdown ?? (() => Promise.resolve()),
  };
}

/** Endings that mean the caller was not served as intended (the span shows as failed). */
const FAILED_ENDINGS: ReadonlySet<CallSummary["reason"]> = new Set([
  "voice-live-unavailable",
  "voice-live-refused-config",
  "heartbeat-missed",
]);
