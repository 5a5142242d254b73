import type { ClientEvent } from "@acs-voice/shared";
import type { Clock } from "../clock.js";
import type { CallEvent } from "./call-events.js";
import type { CallMetrics } from "./call-metrics.js";
import type { ConversationHistory } from "./conversation-history.js";
import { DtmfCollector } from "./dtmf-collector.js";
import type { ResponseRequests } from "./response-requests.js";
import { DTMF_PREFIX } from "./session-config.js";
import type { TurnTracker } from "./turn-tracker.js";

/** What key presses reach, each through the narrowest view. */
export interface DtmfInputPorts {
  clock: Clock;
  metrics: CallMetrics;
  turns: TurnTracker;
  history: ConversationHistory;
  requests: ResponseRequests;
  emit(event: CallEvent): void;
  sendToVoiceLive(event: ClientEvent): boolean;
  isEnded(): boolean;
  /** A key press is the caller being there: their silence starts over. */
  callerActive(): void;
  /** The digits reach the model, which may say them back: they must not be stored or published. */
  keyed(digits: string): void;
}

/** Key presses from the media socket: grouped into sequences, each given to the model to answer. */
export class DtmfInput {
  private readonly collector: DtmfCollector;

  constructor(
    private readonly ports: DtmfInputPorts,
    interDigitMs: number,
  ) {
    this.collector = new DtmfCollector(ports.clock, interDigitMs, (digits) => this.onSequence(digits));
  }

  tone(tone: string): void {
    this.ports.callerActive();
    if (!this.collector.push(tone)) this.ports.metrics.dtmfInvalid++;
  }

  close(): void {
    this.collector.close();
  }

  /** A key sequence reaches the model as the caller's words, and the model answers it. */
  private onSequence(digits: string): void {
    const { ports } = this;
    if (ports.isEnded()) return;
    ports.metrics.dtmfSequences++;
    // Before the model has them: its answer is redacted from the first word.
    ports.keyed(digits);
    const text = `${DTMF_PREFIX} ${digits}`;
    // Key presses can be PINs or card numbers: the record (and any watcher) gets their count only.
    ports.turns.callerTranscript(`[${digits.length} keypad keys]`);
    ports.history.add("user", text);
    ports.emit({ type: "dtmf", keyCount: digits.length, atMs: ports.clock.now() });
    ports.sendToVoiceLive({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
    });
    ports.requests.request();
  }
}
