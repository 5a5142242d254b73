import type { ClientEvent } from "@acs-voice/shared";
import type { Clock, TimerHandle } from "../clock.js";
import type { Logger } from "../logger.js";
import type { CallEvent, CallState } from "./call-events.js";
import type { CallMetrics } from "./call-metrics.js";
import type { CallTimeouts } from "./call-timeouts.js";
import type { CallEndReason } from "./call-types.js";
import type { ConversationHistory } from "./conversation-history.js";
import type { InboundAudio } from "./inbound-audio.js";
import type { Playback } from "./playback.js";
import type { ResponseRequests } from "./response-requests.js";
import { greetingInstructions, RECONNECTED_INSTRUCTIONS } from "./session-config.js";

/** What the connection's ups and downs touch, each through the narrowest view. */
export interface VoiceLiveLifecyclePorts {
  clock: Clock;
  logger: Logger;
  metrics: CallMetrics;
  requests: ResponseRequests;
  history: ConversationHistory;
  timeouts: Pick<CallTimeouts, "botFinished">;
  inbound: Pick<InboundAudio, "hold" | "resume">;
  playback: Pick<Playback, "stop" | "playApologyTone">;
  emit(event: CallEvent): void;
  sendToVoiceLive(event: ClientEvent): boolean;
  /** The `session.update` that configures a new session. */
  sessionUpdate(): ClientEvent;
  state(): CallState;
  setState(state: CallState): void;
  /** An answer was asked for, is being generated or still queued for the caller. */
  answerPending(): boolean;
  /** The connection dropped: whatever the caller was saying is lost with it. */
  forgetCallerSpeech(): void;
  acsHz(): number;
  hangUp(reason: CallEndReason): Promise<void>;
}

export interface VoiceLiveLifecycleSettings {
  /** Empty: no greeting, the caller speaks first. */
  greeting: string;
  pacingLeadMs: number;
}

/**
 * The Voice Live connection's ups and downs as the call sees them: configure each new session (greet
 * the caller once, or restore the conversation after a drop), stop the lost answer, and when the
 * service cannot be reached, an apology tone and a hang-up.
 */
export class VoiceLiveLifecycle {
  private greeted = false;
  private lostMidResponse = false;
  private endingTimer: TimerHandle | undefined;

  constructor(
    private readonly ports: VoiceLiveLifecyclePorts,
    private readonly settings: VoiceLiveLifecycleSettings,
  ) {}

  opened(reconnected: boolean): void {
    const { ports, settings } = this;
    ports.sendToVoiceLive(ports.sessionUpdate());
    // The greeting is asked for before the held caller audio goes out: it is what the caller waits for.
    if (reconnected) {
      ports.metrics.voiceLiveReconnects++;
      // The new session knows nothing: give it the conversation so far, so the caller can go on.
      for (const event of ports.history.restoreEvents()) ports.sendToVoiceLive(event);
      ports.emit({ type: "voice-live", change: "reconnected", atMs: ports.clock.now() });
      if (this.lostMidResponse) {
        this.lostMidResponse = false;
        ports.requests.request({ instructions: RECONNECTED_INSTRUCTIONS });
      } else {
        ports.requests.resume();
      }
    } else if (settings.greeting !== "" && !this.greeted) {
      this.greeted = true;
      ports.requests.request({ instructions: greetingInstructions(settings.greeting) });
    }
    if (ports.state() === "connecting") {
      ports.setState("active");
      // Without a greeting the caller is expected to speak first: their silence counts from now.
      if (settings.greeting === "") ports.timeouts.botFinished(0);
    }
    ports.inbound.resume();
  }

  /** The connection dropped and is being retried: the interrupted answer is lost, so stop playing it. */
  lost(): void {
    const { ports } = this;
    this.lostMidResponse = ports.answerPending();
    ports.requests.connectionLost();
    ports.forgetCallerSpeech();
    ports.inbound.hold();
    ports.playback.stop();
    ports.emit({ type: "voice-live", change: "lost", atMs: ports.clock.now() });
  }

  /** A replacement session took over (before the old one expired). */
  renewed(): void {
    const { ports } = this;
    ports.metrics.voiceLiveRenewals++;
    ports.logger.info({ renewals: ports.metrics.voiceLiveRenewals }, "voice live session renewed");
    ports.emit({ type: "voice-live", change: "renewed", atMs: ports.clock.now() });
  }

  /** Voice Live cannot serve the call: tell the caller with a short tone, then hang up. */
  failed(reason: CallEndReason = "voice-live-unavailable"): void {
    if (this.endingTimer !== undefined) return;
    const { ports } = this;
    ports.emit({ type: "voice-live", change: "failed", atMs: ports.clock.now() });
    ports.inbound.hold();
    ports.playback.stop();
    const toneMs = ports.playback.playApologyTone(ports.acsHz());
    this.endingTimer = ports.clock.setTimeout(() => {
      this.endingTimer = undefined;
      void ports.hangUp(reason);
    }, toneMs + this.settings.pacingLeadMs);
  }

  close(): void {
    if (this.endingTimer !== undefined) this.ports.clock.clearTimeout(this.endingTimer);
    this.endingTimer = undefined;
  }
}
