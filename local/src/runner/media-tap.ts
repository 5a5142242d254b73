// Listens in on the emulated caller's media socket (the ACS side of the leg) to tell the runner, live,
// who is speaking: the caller's frames as sent, the bot's audio as it arrives (the worker paces it at
// real time, so arrival is within its small lead of playout), and StopAudio. It only observes: every
// message still goes through unchanged.

import { decodeAcsMessage } from "@acs-voice/shared";
import WebSocket, { type ClientOptions, type RawData } from "ws";
import { parseWorkerMessage } from "../acs/media/index.js";
import type { LiveEvent } from "./live-event.js";
import { SpeechActivity } from "./speech-activity.js";

export interface MediaTapOptions {
  emit: (event: LiveEvent, atEpochMs: number) => void;
  now?: () => number;
  /** RMS (PCM16) from which a frame counts as speech; the media client's own silence threshold. */
  speechRms?: number;
  callerHangoverMs?: number;
  botHangoverMs?: number;
}

/** The bot counts as quiet for a barge-in once this long has passed without loud audio. */
const BARGE_IN_BOT_QUIET_MS = 400;

export type SocketFactory = (url: string, options: ClientOptions) => WebSocket;

/** A socket factory for `MediaClientOptions.connect` whose sockets report speech as they carry it. */
export function createTappedSocketFactory(options: MediaTapOptions): SocketFactory {
  return (url, socketOptions) => {
    const socket = new WebSocket(url, socketOptions);
    tapSocket(socket, options);
    return socket;
  };
}

function tapSocket(socket: WebSocket, options: MediaTapOptions): void {
  const now = options.now ?? Date.now;
  const speechRms = options.speechRms ?? 200;
  const caller = new SpeechActivity(options.callerHangoverMs ?? 500);
  // Replies pause between sentences for up to ~0.7 s; that is still the same answer.
  const bot = new SpeechActivity(options.botHangoverMs ?? 800);
  const report = (change: { speaking: boolean; atMs: number } | undefined, who: "caller" | "bot") => {
    if (!change) return;
    options.emit(
      who === "caller"
        ? { kind: "caller-speech", speaking: change.speaking }
        : { kind: "bot-audio", audible: change.speaking },
      change.atMs,
    );
  };

  socket.once("open", () => options.emit({ kind: "media-connected" }, now()));
  socket.on("message", (data: RawData) => {
    const message = parseWorkerMessage(rawText(data));
    const atMs = now();
    if (message.kind === "AudioData") {
      report(bot.frame(atMs, rms(message.samples) >= speechRms), "bot");
    } else if (message.kind === "StopAudio") {
      options.emit({ kind: "stop-audio" }, atMs);
      report(bot.stop(atMs), "bot");
    }
  });
  socket.once("close", () => {
    const atMs = now();
    report(caller.stop(atMs), "caller");
    report(bot.stop(atMs), "bot");
  });

  // The caller's microphone: every frame the media client sends passes here first.
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  (socket as { send: unknown }).send = (data: unknown, ...rest: unknown[]) => {
    if (typeof data === "string") {
      const message = decodeAcsMessage(data);
      if (message.kind === "AudioData") {
        const atMs = now();
        const callerChange = caller.frame(atMs, !message.isSilent);
        // A caller who starts in a pause of the bot's is no barge-in if the bot was already quiet by the
        // media client's own measure (400 ms): settle the bot first, so the events come in that order.
        if (callerChange?.speaking) report(bot.tick(atMs, BARGE_IN_BOT_QUIET_MS), "bot");
        report(callerChange, "caller");
        // Bot silence is noticed on the caller's 20 ms tick, since a quiet bot sends nothing.
        report(bot.tick(atMs), "bot");
      }
    }
    send(data, ...rest);
  };
}

function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
