import type { ClientEvent } from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import { apologyToneFrames } from "../acs/apology-tone.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { bargeIn, type ResponseGate } from "./barge-in.js";
import type { CallEvent } from "./call-events.js";
import type { CallMetrics } from "./call-metrics.js";
import type { OutboundAudio } from "./outbound-audio.js";
import type { OutboundFrame, OutboundPacer } from "./outbound-pacer.js";
import type { PlayoutTracker } from "./playout-tracker.js";
import type { TurnTracker } from "./turn-tracker.js";

/** Pseudo ids of the worker's own audio (the apology tone), never sent to Voice Live. */
const LOCAL_AUDIO_ID = "local:apology";
/** Recent responses remembered as having been heard. */
const MAX_AUDIBLE_RESPONSES = 64;

/** The session's playback parts (it owns them) and what playback reports to. */
export interface PlaybackPorts {
  acs: Pick<AcsLink, "sendAudio" | "stopAudio">;
  pacer: OutboundPacer;
  outbound: OutboundAudio;
  tracker: PlayoutTracker;
  gate: ResponseGate;
  clock: Clock;
  logger: Logger;
  metrics: CallMetrics;
  turns: TurnTracker;
  emit(event: CallEvent): void;
  sendToVoiceLive(event: ClientEvent): boolean;
  /** The service's turn detection has `interrupt_response: true`: it cancels by itself. */
  serviceInterruptsResponse(): boolean;
  /** The call's start on `clock`, for the time to first audio. */
  startedAtMs: number;
}

/**
 * What the caller hears: each frame as it reaches ACS (which response is playing, which were heard),
 * and stopping it — on barge-in (truncated at what was heard), or when the answer is lost.
 */
export class Playback {
  private readonly acs: PlaybackPorts["acs"];
  private readonly tracker: PlayoutTracker;
  private readonly clock: Clock;
  private readonly metrics: CallMetrics;
  private readonly turns: TurnTracker;
  private readonly startedAtMs: number;
  /** The response of the last frame ACS received. */
  private playingResponseId: string | undefined;
  /** Responses whose first frame reached ACS (bounded: only recent ones matter). */
  private readonly audibleResponses = new Set<string>();

  constructor(private readonly ports: PlaybackPorts) {
    this.acs = ports.acs;
    this.tracker = ports.tracker;
    this.clock = ports.clock;
    this.metrics = ports.metrics;
    this.turns = ports.turns;
    this.startedAtMs = ports.startedAtMs;
  }

  /** The pacer's sink: one frame to ACS. */
  sendFrame(frame: OutboundFrame): void {
    this.acs.sendAudio(frame.pcm);
    this.metrics.framesOut++;
    if (this.metrics.timeToFirstAudioMs === undefined) {
      this.metrics.timeToFirstAudioMs = Math.round(this.clock.now() - this.startedAtMs);
    }
    if (frame.itemId === LOCAL_AUDIO_ID) return;
    this.tracker.recordSent(frame.itemId, frame.durationMs);
    if (frame.responseId === this.playingResponseId) return;
    this.playingResponseId = frame.responseId;
    if (this.audibleResponses.has(frame.responseId)) return;
    this.audibleResponses.add(frame.responseId);
    if (this.audibleResponses.size > MAX_AUDIBLE_RESPONSES) {
      const oldest = this.audibleResponses.values().next().value;
      if (oldest !== undefined) this.audibleResponses.delete(oldest);
    }
    this.turns.firstAudio(frame.responseId, this.clock.now());
  }

  /** Whether any of the response reached the caller. */
  wasHeard(responseId: string): boolean {
    return this.audibleResponses.has(responseId);
  }

  /** The caller started speaking over the bot. */
  bargeIn(): void {
    const { ports } = this;
    const outcome = bargeIn({
      stopAcsAudio: () => this.acs.stopAudio(),
      pacer: ports.pacer,
      outbound: ports.outbound,
      tracker: this.tracker,
      gate: ports.gate,
      playingResponseId: this.playingResponseId,
      sendToVoiceLive: ports.sendToVoiceLive,
      serviceInterruptsResponse: ports.serviceInterruptsResponse(),
    });
    if (!outcome) return;
    this.playingResponseId = undefined;
    this.metrics.bargeIns++;
    this.turns.interrupted(outcome.truncated?.audioEndMs);
    ports.emit({ type: "barge-in", heardMs: outcome.truncated?.audioEndMs, atMs: this.clock.now() });
    this.metrics.outboundCleared += outcome.clearedFrames;
    if (outcome.cancelledResponseId) this.metrics.cancellations++;
    if (outcome.truncated) this.metrics.truncations++;
    ports.logger.info(
      { clearedFrames: outcome.clearedFrames, audioEndMs: outcome.truncated?.audioEndMs },
      "caller barged in",
    );
  }

  /** Stops whatever the caller hears and forgets the responses that produced it. */
  stop(): void {
    const { pacer, gate, outbound } = this.ports;
    if (pacer.active) this.acs.stopAudio();
    this.metrics.outboundCleared += pacer.clear();
    for (const id of [gate.responseInFlight, outbound.currentResponseId, this.playingResponseId]) {
      if (id !== undefined) gate.interrupt(id);
    }
    outbound.reset();
    this.tracker.endPlayout();
    this.playingResponseId = undefined;
  }

  /** Queues the short tone that tells the caller the bot cannot go on; returns its length. */
  playApologyTone(acsHz: number): number {
    const frames = apologyToneFrames(acsHz);
    for (const pcm of frames) {
      this.ports.pacer.enqueue({ responseId: LOCAL_AUDIO_ID, itemId: LOCAL_AUDIO_ID, pcm, durationMs: 20 });
    }
    return frames.length * 20;
  }
}
