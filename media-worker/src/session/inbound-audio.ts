import {
  base64ToPcm16,
  createResampler,
  encodeAudioAppend,
  frameSamples,
  pcm16ToBase64,
  type Resampler,
} from "@acs-voice/shared";
import type { CallMetrics } from "./call-metrics.js";

export interface InboundAudioOptions {
  acsHz: number;
  modelHz: number;
  /** Hands one `input_audio_buffer.append` (JSON text) to the open Voice Live socket. */
  send: (appendEventText: string) => void;
  metrics: CallMetrics;
  /** Frames kept while Voice Live is not open; the oldest go first. */
  maxPendingFrames?: number;
}

/**
 * 2 s of 20 ms frames: covers the Voice Live handshake at call start (ACS streams at once) and one quick
 * reconnect, without letting a dead connection accumulate the caller's audio.
 */
export const DEFAULT_MAX_PENDING_INBOUND_FRAMES = 100;

/**
 * The caller's audio on its way to the model: every ACS frame, silent ones included (server VAD needs the
 * silence to see a turn end), converted only when the rates differ, held briefly while Voice Live is
 * not open.
 */
export class InboundAudio {
  private readonly send: (text: string) => void;
  private readonly metrics: CallMetrics;
  private readonly maxPendingFrames: number;
  private modelHz: number;
  private acsHz: number;
  private resampler: Resampler | undefined;
  private silentFrameBase64: string;
  private pending: string[] = [];
  private muted = false;
  private open = false;

  constructor(options: InboundAudioOptions) {
    this.send = options.send;
    this.metrics = options.metrics;
    this.modelHz = options.modelHz;
    this.maxPendingFrames = Math.max(1, options.maxPendingFrames ?? DEFAULT_MAX_PENDING_INBOUND_FRAMES);
    this.silentFrameBase64 = "";
    this.resampler = undefined;
    this.acsHz = options.acsHz;
    this.setAcsRate(options.acsHz);
  }

  /** ACS announced (in AudioMetadata) a rate other than configured: follow what it actually sends. */
  setAcsRate(acsHz: number): void {
    this.acsHz = acsHz;
    this.resampler = acsHz === this.modelHz ? undefined : createResampler(acsHz, this.modelHz);
    this.silentFrameBase64 = pcm16ToBase64(new Int16Array(frameSamples(acsHz)));
  }

  /** The service hears at a rate other than asked (session.updated said so): convert to that rate. */
  setModelRate(modelHz: number): void {
    this.modelHz = modelHz;
    this.setAcsRate(this.acsHz);
  }

  /**
   * While muted the model hears silence in place of the caller (a transfer is ringing: the model would
   * answer them), and the timeline its turn detection needs goes on.
   */
  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** One ACS AudioData payload (base64 PCM16 at the ACS rate). */
  push(base64Pcm: string, isSilent: boolean): void {
    // A silent frame may come without samples; the model still needs its 20 ms of silence.
    const payload = (base64Pcm === "" && isSilent) || this.muted ? this.silentFrameBase64 : base64Pcm;
    if (payload === "") return;
    const appendText = encodeAudioAppend(this.resampler ? this.convert(payload) : payload);
    if (this.open) {
      this.send(appendText);
      return;
    }
    if (this.pending.length >= this.maxPendingFrames) {
      this.pending.shift();
      this.metrics.inboundDropped++;
    }
    this.pending.push(appendText);
  }

  /** Voice Live is open (again): send what was held, then stream directly. */
  resume(): void {
    this.open = true;
    const held = this.pending;
    this.pending = [];
    for (const text of held) this.send(text);
  }

  /** Voice Live is gone for now: hold frames (bounded) until `resume`. */
  hold(): void {
    this.open = false;
  }

  private convert(base64Pcm: string): string {
    return pcm16ToBase64((this.resampler as Resampler).process(base64ToPcm16(base64Pcm)));
  }
}
