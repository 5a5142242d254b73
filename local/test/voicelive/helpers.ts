// Shared by the Voice Live emulator tests: caller audio, raw ws clients, event waiting.

import WebSocket from "ws";
import { synthesizeSpeech } from "../../src/tts/index.js";

export const SILENCE_AFTER_SPEECH_MS = 1500;

/** A synthesized utterance followed by silence, at `sampleRateHz`. */
export function utteranceThenSilence(
  text: string,
  sampleRateHz: number,
  silenceMs = SILENCE_AFTER_SPEECH_MS,
): Int16Array {
  const speech = synthesizeSpeech(text, sampleRateHz, "caller");
  const out = new Int16Array(speech.length + Math.round((silenceMs * sampleRateHz) / 1000));
  out.set(speech);
  return out;
}

/** 20 ms frames as little-endian bytes. */
export function frames(samples: Int16Array, sampleRateHz: number): Uint8Array[] {
  const frame = sampleRateHz / 50;
  const out: Uint8Array[] = [];
  for (let i = 0; i < samples.length; i += frame) {
    const piece = samples.slice(i, Math.min(samples.length, i + frame));
    out.push(new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength));
  }
  return out;
}

export function base64Frames(samples: Int16Array, sampleRateHz: number): string[] {
  return frames(samples, sampleRateHz).map((f) => Buffer.from(f).toString("base64"));
}

export type WireEvent = Record<string, unknown> & { type: string };

/** A raw WebSocket client that keeps every server event and can wait for one. */
export class RawClient {
  readonly events: WireEvent[] = [];
  closeCode: number | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.events.push(JSON.parse(String(data)) as WireEvent);
      for (const l of [...this.listeners]) l();
    });
    socket.on("close", (code) => {
      this.closeCode = code;
      for (const l of [...this.listeners]) l();
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new RawClient(socket);
      socket.once("open", () => resolve(client));
      socket.once("error", reject);
    });
  }

  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  sendAudio(samples: Int16Array, sampleRateHz: number): void {
    for (const audio of base64Frames(samples, sampleRateHz))
      this.send({ type: "input_audio_buffer.append", audio });
  }

  ofType(type: string): WireEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  waitFor(
    type: string,
    predicate: (e: WireEvent) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<WireEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find((e) => e.type === type && predicate(e));
        if (found) {
          done();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`no ${type} within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(", ")}`),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  waitForClose(timeoutMs = 15_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.closeCode !== undefined) {
          done();
          resolve(this.closeCode);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`socket still open after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

export function decodeDeltas(events: WireEvent[]): Int16Array {
  const bytes = Buffer.concat(events.map((e) => Buffer.from(String(e.delta), "base64")));
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

/** The `item.id` of an event such as response.output_item.done. */
export function itemIdOf(event: WireEvent | undefined): string {
  const item = event?.item as { id?: unknown } | undefined;
  if (typeof item?.id !== "string") throw new Error(`event ${event?.type ?? "(none)"} has no item id`);
  return item.id;
}

/** Resolves once `condition` holds (polled every 10 ms), rejects after `timeoutMs`. */
export function eventually(
  condition: () => boolean,
  timeoutMs = 10_000,
  what: string | (() => string) = "condition",
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() - started > timeoutMs)
        return reject(
          new Error(`${typeof what === "string" ? what : what()} not met within ${timeoutMs} ms`),
        );
      setTimeout(tick, 10);
    };
    tick();
  });
}
