import type { AcsInboundMessage } from "@acs-voice/shared";
import type { Logger } from "../logger.js";
import type { CallMetrics } from "./call-metrics.js";
import type { DtmfInput } from "./dtmf-input.js";
import type { AudioRates } from "./session-config.js";

/** Every ACS media message but the 50-per-second audio, which the session handles inline. */
export type AcsControlMessage = Exclude<AcsInboundMessage, { kind: "AudioData" }>;

export interface AcsControlPorts {
  logger: Logger;
  metrics: CallMetrics;
  /** Absent when DTMF is off: key presses are ignored. */
  dtmf: DtmfInput | undefined;
  /** The ACS rate the session converts from and to. */
  acsHz(): number;
  /** ACS announced another supported rate: convert from and to it from now on. */
  followAcsRate(acsHz: AudioRates["acsHz"]): void;
}

/** The rest of the ACS media socket: the announced audio format, key presses, bad and unknown frames. */
export class AcsControlMessages {
  constructor(private readonly ports: AcsControlPorts) {}

  handle(message: AcsControlMessage): void {
    const { metrics } = this.ports;
    switch (message.kind) {
      case "AudioMetadata":
        this.onAudioMetadata(message.sampleRate);
        return;
      case "DtmfData":
        this.ports.dtmf?.tone(message.data);
        return;
      case "TranscriptionMetadata":
      case "TranscriptionData":
        return;
      case "Unknown":
        metrics.acsUnknown++;
        return;
      case "Invalid":
        metrics.acsMalformed++;
        if (metrics.acsMalformed === 1)
          this.ports.logger.warn({ reason: message.reason }, "malformed ACS frame");
        return;
    }
  }

  private onAudioMetadata(announcedHz: number): void {
    const { logger } = this.ports;
    const configuredHz = this.ports.acsHz();
    if (announcedHz === configuredHz) return;
    if (announcedHz !== 16000 && announcedHz !== 24000) {
      logger.warn(
        { sampleRate: announcedHz },
        "ACS announced an unsupported sample rate; keeping the configured one",
      );
      return;
    }
    // ACS is the authority on what it sends and plays: follow it and convert on our side.
    logger.warn({ configuredHz, announcedHz }, "ACS audio rate differs from ACS_AUDIO_FORMAT");
    this.ports.followAcsRate(announcedHz);
  }
}
