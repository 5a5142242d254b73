import type { ClientEvent, FakeClock, ServerEvent } from "@acs-voice/shared";
import type { AcsLink } from "../src/acs/acs-media-socket.js";
import type { CallControl, CallStatus } from "../src/acs/call-control.js";
import { silentLogger } from "../src/logger.js";
import {
  CallSession,
  type CallSessionSettings,
  type CallSummary,
  type VoiceLiveLink,
} from "../src/session/call-session.js";

export type AcsSent = { kind: "audio"; atMs: number; pcm: Uint8Array } | { kind: "stop"; atMs: number };

/** The ACS side of a call as a peer sees it: every message in order, with the time it was sent. */
export class FakeAcs implements AcsLink {
  readonly sent: AcsSent[] = [];
  isOpen = true;
  closedWith: { code: number; reason: string } | undefined;
  socketBytes = 0;
  constructor(private readonly clock: FakeClock) {}
  sendAudio(pcm: Uint8Array): void {
    this.sent.push({ kind: "audio", atMs: this.clock.now(), pcm: pcm.slice() });
  }
  stopAudio(): void {
    this.sent.push({ kind: "stop", atMs: this.clock.now() });
  }
  bufferedBytes(): number {
    return this.socketBytes;
  }
  close(code: number, reason: string): void {
    this.isOpen = false;
    this.closedWith = { code, reason };
  }
  /** A fake peer answers pings while open. */
  async probe(): Promise<boolean> {
    return this.isOpen;
  }
  get audio(): { atMs: number; pcm: Uint8Array }[] {
    return this.sent.filter((m): m is Extract<AcsSent, { kind: "audio" }> => m.kind === "audio");
  }
}

/** The Voice Live side: every client event the session sent, parsed back from the wire text. */
export class FakeVoiceLive implements VoiceLiveLink {
  readonly sent: ClientEvent[] = [];
  started = false;
  closed = false;
  open = false;
  start(): void {
    this.started = true;
  }
  send(event: ClientEvent): boolean {
    return this.sendText(JSON.stringify(event));
  }
  sendText(text: string): boolean {
    if (!this.open || this.closed) return false;
    this.sent.push(JSON.parse(text) as ClientEvent);
    return true;
  }
  close(): void {
    this.closed = true;
  }
  ofType<T extends ClientEvent["type"]>(type: T): Extract<ClientEvent, { type: T }>[] {
    return this.sent.filter((e): e is Extract<ClientEvent, { type: T }> => e.type === type);
  }
}

export class FakeCallControl implements CallControl {
  readonly hungUp: string[] = [];
  readonly transfers: {
    callConnectionId: string;
    target: string;
    operationContext: string;
    sourceCallerId: string | undefined;
  }[] = [];
  /** Set to make the transfer request itself fail (as a 4xx/5xx from ACS would). */
  transferError: Error | undefined;
  /** What ACS reports of the call when asked. */
  callStatus: CallStatus = {
    kind: "present",
    state: "connected",
    ourNumber: undefined,
    mediaStreaming: undefined,
  };
  statusLookups = 0;
  async hangUp(callConnectionId: string): Promise<void> {
    this.hungUp.push(callConnectionId);
  }
  async transfer(
    callConnectionId: string,
    target: string,
    operationContext: string,
    sourceCallerId: string | undefined,
  ): Promise<void> {
    if (this.transferError) throw this.transferError;
    this.transfers.push({ callConnectionId, target, operationContext, sourceCallerId });
  }
  async status(): Promise<CallStatus> {
    this.statusLookups++;
    return this.callStatus;
  }
}

export const DEFAULT_TEST_SETTINGS: CallSessionSettings = {
  systemPrompt: "You are a test bot.",
  voiceName: "en-US-AvaNeural",
  acsAudioFormat: "pcm24KMono",
  greeting: "Hello from the test.",
  pacingLeadMs: 60,
  transcriptionModel: "gpt-4o-transcribe",
};

export function createTestCall(clock: FakeClock, settings: Partial<CallSessionSettings> = {}) {
  const acs = new FakeAcs(clock);
  const voiceLive = new FakeVoiceLive();
  const callControl = new FakeCallControl();
  const ended: CallSummary[] = [];
  const session = new CallSession({
    ids: { callId: "call-1", callConnectionId: "conn-1", correlationId: "corr-1" },
    settings: { ...DEFAULT_TEST_SETTINGS, ...settings },
    acs,
    voiceLive,
    clock,
    logger: silentLogger(),
    callControl,
    onEnded: (summary) => ended.push(summary),
  });
  session.start();
  const openVoiceLive = (reconnected = false) => {
    voiceLive.open = true;
    session.onVoiceLiveOpened(reconnected);
  };
  const serverEvent = (event: ServerEvent) => session.onVoiceLiveEvent(event);
  return { session, acs, voiceLive, callControl, ended, openVoiceLive, serverEvent };
}

/** An ACS inbound AudioData frame as ACS sends it. */
export function acsAudioFrame(samples: Int16Array, silent = false): string {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
  return JSON.stringify({
    kind: "AudioData",
    audioData: { timestamp: "2026-01-01T00:00:00Z", data, silent },
  });
}

/** PCM16 whose sample values encode their position, so what arrives can be traced to what was sent. */
export function rampSamples(count: number, start = 0): Int16Array {
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = ((start + i) % 30000) - 15000;
  return samples;
}

export function toBase64(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
}

export function audioDelta(responseId: string, itemId: string, samples: Int16Array): ServerEvent {
  return {
    type: "response.audio.delta",
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta: toBase64(samples),
  };
}

export function responseCreated(id: string): ServerEvent {
  return { type: "response.created", response: { id, status: "in_progress" } };
}

export function responseDone(id: string, status: "completed" | "cancelled" = "completed"): ServerEvent {
  return { type: "response.done", response: { id, status } };
}

export function speechStarted(audioStartMs = 0): ServerEvent {
  return { type: "input_audio_buffer.speech_started", audio_start_ms: audioStartMs, item_id: "item_user" };
}
