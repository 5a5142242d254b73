import type { Clock } from "@acs-voice/shared";
import { bytesToPcm16, encodeAcsAudioData, encodeAcsStopAudio, pcm16ToBase64 } from "@acs-voice/shared";
import WebSocket from "ws";
import { Heartbeat } from "../net/heartbeat.js";

/** One outbound AudioData message (JSON text) carrying a frame of PCM16 at the ACS rate. */
export function encodeAcsAudioFrame(pcm: Uint8Array): string {
  return encodeAcsAudioData(pcm16ToBase64(bytesToPcm16(pcm)));
}

/** What a call session needs of the ACS media WebSocket. */
export interface AcsLink {
  readonly isOpen: boolean;
  /** One frame of PCM16 at the ACS rate, as an AudioData message. */
  sendAudio(pcm: Uint8Array): void;
  /** Tells ACS to drop everything it queued for playback. */
  stopAudio(): void;
  /** Bytes accepted but not yet on the network. */
  bufferedBytes(): number;
  close(code: number, reason: string): void;
  /** Whether the peer still answers: a ping answered within `timeoutMs`. */
  probe(timeoutMs: number): Promise<boolean>;
}

export interface AcsMediaSocketOptions {
  clock: Clock;
  heartbeatIntervalMs: number;
  onMessage(data: string | Uint8Array): void;
  onClose(code: number): void;
  onHeartbeatMissed?(): void;
}

/**
 * The accepted ACS media WebSocket: encodes outbound frames, pings to find dead peers (a phone call can
 * be silent for long stretches, so silence proves nothing), and reports messages and the close.
 */
export class AcsMediaSocket implements AcsLink {
  private readonly heartbeat: Heartbeat;
  /** Probes waiting for the next pong. */
  private readonly pongWaiters = new Set<() => void>();
  private readonly stopAudioText = encodeAcsStopAudio();

  constructor(
    private readonly socket: WebSocket,
    private readonly options: AcsMediaSocketOptions,
  ) {
    socket.on("message", (data) => {
      // Frames arrive as Buffers (fragments already joined); the codec decodes UTF-8 itself.
      if (Array.isArray(data)) options.onMessage(Buffer.concat(data));
      else if (data instanceof ArrayBuffer) options.onMessage(new Uint8Array(data));
      else options.onMessage(data);
    });
    this.heartbeat = new Heartbeat({
      clock: options.clock,
      intervalMs: options.heartbeatIntervalMs,
      // A socket already closing is not a dead peer: its close event tells the session.
      ping: () => (this.isOpen ? socket.ping() : this.heartbeat.stop()),
      missed: () => {
        if (!this.isOpen) return;
        options.onHeartbeatMissed?.();
        this.terminate();
      },
    });
    socket.on("pong", () => {
      this.heartbeat.pong();
      for (const wake of [...this.pongWaiters]) wake();
    });
    socket.on("error", () => {
      // ws closes the socket after an error (e.g. maxPayload exceeded); 'close' follows.
    });
    socket.on("close", (code) => {
      this.heartbeat.stop();
      options.onClose(code);
    });
    this.heartbeat.start();
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  sendAudio(pcm: Uint8Array): void {
    if (!this.isOpen) return;
    this.socket.send(encodeAcsAudioFrame(pcm));
  }

  stopAudio(): void {
    if (this.isOpen) this.socket.send(this.stopAudioText);
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  probe(timeoutMs: number): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (alive: boolean) => {
        this.options.clock.clearTimeout(timer);
        this.pongWaiters.delete(onPong);
        resolve(alive);
      };
      const onPong = () => done(true);
      const timer = this.options.clock.setTimeout(() => done(false), timeoutMs);
      this.pongWaiters.add(onPong);
      this.socket.ping();
    });
  }

  close(code: number, reason: string): void {
    this.heartbeat.stop();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  /** Ends the connection without a closing handshake (a dead peer will not answer one). */
  terminate(): void {
    this.heartbeat.stop();
    this.socket.terminate();
  }
}
