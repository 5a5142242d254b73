import {
  type AcsEmulator,
  buildCallerAudio,
  type FaultPlan,
  type MediaCallReport,
  type MediaClient,
  type ReceivedVoiceLiveMessage as ReceivedMessage,
  type RecordedOutbound,
  type Scenario,
  startMediaClient,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
  type VoiceLiveEmulatorOptions,
} from "@acs-voice/local";
import type { MediaServerDeps } from "../src/server/media-server.js";
import { frameFrequencies, isTone, ScaledClock, toneVoice } from "./call-harness.js";
import { type RunningWorker, startWorker, testConfig, waitFor } from "./worker-harness.js";

export const GREETING = "Hello, thanks for calling.";
export const REPLY_ORDER = "Your order shipped yesterday.";
export const REPLY_BYE = "You are welcome, bye.";
export const LONG_REPLY =
  "Let me explain the returns policy in full detail, step by step, from the beginning right to the very end.";
export const REPLY_ADDRESS = "The address is on the label.";
/** Each reply is a tone of its own frequency, so heard audio can be traced to its reply. */
export const TONE_HZ = new Map([
  [GREETING, 400],
  [REPLY_ORDER, 700],
  [REPLY_BYE, 1_000],
  [LONG_REPLY, 1_300],
  [REPLY_ADDRESS, 1_900],
]);
export const voice = toneVoice(TONE_HZ);
export const LEAD_MS = 60;

export interface CallRun {
  report: MediaCallReport;
  received: RecordedOutbound[];
  voiceLive: VoiceLiveEmulator;
  worker: RunningWorker;
  clock: ScaledClock;
  sampleRateHz: number;
}

export interface CallRunOptions {
  acs: AcsEmulator;
  /** Teardown steps are pushed here; the test runs them after each case. */
  cleanups: (() => Promise<void>)[];
  format: "pcm16KMono" | "pcm24KMono";
  scenario: Scenario;
  speed: number;
  faults?: FaultPlan;
  workerEnv?: Record<string, string>;
  /** More worker dependencies (e.g. custom tools). */
  workerDeps?: Partial<MediaServerDeps>;
  /** More Voice Live emulator options (e.g. a short sessionLifetimeMs). */
  voiceLiveOptions?: Partial<VoiceLiveEmulatorOptions>;
  callConnectionId?: string;
  /** Runs once the call is dialled (e.g. to hang up or change faults mid-call). */
  during?: (call: {
    client: MediaClient;
    voiceLive: VoiceLiveEmulator;
    worker: RunningWorker;
  }) => Promise<void>;
}

/** One call: ACS media client (caller) → media worker → Voice Live emulator, all on 127.0.0.1. */
export async function runCall(options: CallRunOptions): Promise<CallRun> {
  const { acs, cleanups } = options;
  const voiceLive = await startVoiceLiveEmulator({
    scenario: options.scenario,
    synthesize: (text, hz) => voice(text, hz),
    ...(options.faults ? { faults: options.faults } : {}),
    ...options.voiceLiveOptions,
  });
  cleanups.push(() => voiceLive.close());
  const clock = new ScaledClock(options.speed);
  const worker = await startWorker({
    config: testConfig({ ...acs, connectionString: acs.connectionString }, voiceLive.url, {
      ACS_AUDIO_FORMAT: options.format,
      GREETING: "Greet the caller.",
      PACING_LEAD_MS: String(LEAD_MS),
      ...options.workerEnv,
    }),
    clock,
    callControl: undefined,
    voiceLiveRetryDelayMs: 100,
    ...options.workerDeps,
  });
  cleanups.push(() => worker.close());
  const sampleRateHz = options.format === "pcm16KMono" ? 16_000 : 24_000;
  const caller = buildCallerAudio(options.scenario, sampleRateHz, {
    synthesize: voice,
    greetingDelayMs: 1_000,
    replyDelayMs: 1_500,
    gapAfterReplyMs: 1_200,
    trailingSilenceMs: 1_500,
  });
  const client = startMediaClient({
    transportUrl: worker.mediaUrl,
    authorization: `Bearer ${await acs.mintToken("valid")}`,
    callConnectionId: options.callConnectionId ?? "conn-bridge",
    correlationId: "corr-bridge",
    format: options.format,
    caller: caller.samples,
    clock: { speed: options.speed },
    trailingSilenceMs: 500,
  });
  cleanups.push(async () => client.hangUp());
  await options.during?.({ client, voiceLive, worker });
  const report = await client.done;
  await waitFor(() => worker.media.activeCalls === 0, 10_000, "the worker to end the call");
  return { report, received: client.received, voiceLive, worker, clock, sampleRateHz };
}

/** The distinct reply tones heard, in order (runs collapsed, silence and other sounds ignored). */
export function toneSequence(heard: Int16Array, sampleRateHz: number): number[] {
  const sequence: number[] = [];
  for (const hz of frameFrequencies(heard, sampleRateHz)) {
    if (hz === 0) continue;
    const tone = [...TONE_HZ.values()].find((t) => isTone(hz, t));
    if (tone !== undefined && sequence[sequence.length - 1] !== tone) sequence.push(tone);
  }
  return sequence;
}

export function heardMsOf(heard: Int16Array, sampleRateHz: number, hz: number): number {
  return frameFrequencies(heard, sampleRateHz).filter((f) => isTone(f, hz)).length * 20;
}

/** The PCM of one AudioData message the worker sent. */
export function audioPayload(message: RecordedOutbound): Int16Array {
  const parsed = JSON.parse(message.raw) as { AudioData?: { Data?: string } };
  const bytes = Buffer.from(parsed.AudioData?.Data ?? "", "base64");
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

/** The function outputs a Voice Live emulator session received, parsed. */
export function functionOutputs(received: readonly ReceivedMessage[]): Record<string, unknown>[] {
  return received.flatMap((m) => {
    const item =
      m.type === "conversation.item.create"
        ? (m.message as { item?: { type?: string; output?: unknown } }).item
        : undefined;
    return item?.type === "function_call_output" && typeof item.output === "string"
      ? [JSON.parse(item.output) as Record<string, unknown>]
      : [];
  });
}

/** The messages (role and text) a Voice Live emulator session was given with conversation.item.create. */
export function itemTexts(received: readonly ReceivedMessage[]): { role: string; text: string }[] {
  return received.flatMap((m) => {
    const item =
      m.type === "conversation.item.create"
        ? (m.message as { item?: { type?: string; role?: string; content?: { text?: string }[] } }).item
        : undefined;
    if (item?.type !== "message") return [];
    return [{ role: String(item.role), text: (item.content ?? []).map((c) => c.text ?? "").join(" ") }];
  });
}
