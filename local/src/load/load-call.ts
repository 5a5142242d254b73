// One call of the load run, both of its ends in this process: the ACS side (caller frames out, the bot's
// frames in) and the Voice Live side (appends in, responses out). Both ends read one monotonic clock,
// so "sent here, arrived there" needs no clock sync and no marker in the audio: audio is byte-counted.
import type WebSocket from "ws";
import type { RawData } from "ws";
import type { SampleLog } from "./sample-log.js";
import {
  appendedAudioBytes,
  audioDeltaText,
  audioDoneText,
  outboundAudioBytes,
  responseCreatedText,
  responseDoneText,
  sessionUpdatedText,
  speechStartedText,
} from "./wire.js";

export const FRAME_MS = 20;
/** Model audio per response.audio.delta, and how often one is sent: twice real time, as models do. */
export const DELTA_MS = 100;
export const DELTA_INTERVAL_MS = 50;
/** Each response is 3 s of audio, one starts every 5 s per call: the bot talks ~60 % of the time. */
export const DELTAS_PER_RESPONSE = 30;
export const RESPONSE_PERIOD_MS = 5_000;
/** Silence between the end of one answer at the caller and the next answer. */
const RESPONSE_GAP_MS = 500;
/** Every third response is interrupted once this much of it was sent (1 s of it heard by then). */
export const BARGE_IN_EVERY = 3;
export const BARGE_IN_AFTER_DELTAS = 20;
/** A frame more than this behind its pacing slot at the caller is late. */
export const LATE_AFTER_MS = 20;
/** The worker's default PACING_LEAD_MS (load-system.ts also sets it explicitly). */
export const PACING_LEAD_MS = 100;
/** Frames counted as arrived when this close to complete at the model rate (a resampler may lag a few samples). */
const COUNT_SLACK_SAMPLES = 48;
const SEND_RING = 4096;

/** Where a call files what it measures; shared by every call of a run. */
export interface LoadLogs {
  measuring: boolean;
  windowStartMs: number;
  inboundLatency: SampleLog;
  outboundLatency: SampleLog;
  bargeInStopAudio: SampleLog;
  bargeInHeardStop: SampleLog;
  sendLag: SampleLog;
  counters: {
    inboundFramesSent: number;
    outboundFramesExpected: number;
    outboundFramesReceived: number;
    outboundFramesDropped: number;
    outboundFramesLate: number;
    framesAfterStopAudio: number;
    bargeIns: number;
    stopAudiosMissing: number;
    responses: number;
  };
}

export interface CallAudio {
  /** One caller AudioData frame, as text bytes. */
  callerFrame: Buffer;
  /** One delta's audio at the model rate, base64. */
  deltaBase64: string;
  acsFrameBytes: number;
  modelFrameSamples: number;
  /** ACS frames per delta. */
  framesPerDelta: number;
}

interface Response {
  id: string;
  itemId: string;
  /** Every delta of a response is the same audio: its message is encoded once, when the response starts. */
  deltaMessage: Buffer;
  counted: boolean;
  barge: boolean;
  deltasSent: number;
  deltaSentAtMs: number[];
  nextDeltaAtMs: number;
  framesReceived: number;
  /** The worker's pacing replayed at the caller: when the audio received so far ends playing. */
  playoutEndsAtMs: number;
  bargeSentAtMs: number | undefined;
  stopAudioAtMs: number | undefined;
  finished: boolean;
}

export class LoadCall {
  readonly index: number;
  acs: WebSocket | undefined;
  voiceLive: WebSocket | undefined;
  closedByWorker = false;
  framesSent = 0;
  framesArrivedAtModel = 0;
  /** Frames whose arrival counts (sent inside the window); lost ones are the difference at the end. */
  countedFramesSent = 0;
  countedFramesArrived = 0;

  readonly #audio: CallAudio;
  readonly #logs: LoadLogs;
  readonly #sendAtMs = new Float64Array(SEND_RING);
  readonly #sendCounted = new Uint8Array(SEND_RING);
  #nextFrameAtMs = 0;
  #modelSamplesArrived = 0;
  #nextResponseAtMs = 0;
  #responseCount = 0;
  #response: Response | undefined;
  #playoutEndsAtMs = 0;
  #started = false;
  #respondingStopped = false;

  constructor(index: number, audio: CallAudio, logs: LoadLogs) {
    this.index = index;
    this.#audio = audio;
    this.#logs = logs;
  }

  /** The ACS side's messages from the worker. */
  onWorkerMessage(data: RawData): void {
    const now = performance.now();
    const bytes = outboundAudioBytes(rawBuffer(data));
    const response = this.#response;
    if (bytes === -2) {
      if (response?.bargeSentAtMs !== undefined && response.stopAudioAtMs === undefined) {
        response.stopAudioAtMs = now;
        if (response.counted) {
          this.#logs.bargeInStopAudio.add(now - response.bargeSentAtMs);
          this.#logs.bargeInHeardStop.add(Math.min(this.#playoutEndsAtMs, now) - response.bargeSentAtMs);
        }
      }
      this.#playoutEndsAtMs = now;
      return;
    }
    if (bytes < 0) return;
    this.#playoutEndsAtMs = Math.max(this.#playoutEndsAtMs, now) + FRAME_MS;
    if (!response) return;
    if (response.stopAudioAtMs !== undefined) {
      if (response.counted) this.#logs.counters.framesAfterStopAudio++;
      return;
    }
    const k = response.framesReceived++;
    if (!response.counted) return;
    const c = this.#logs.counters;
    c.outboundFramesReceived++;
    if (bytes !== this.#audio.acsFrameBytes) c.outboundFramesDropped++;
    // Each frame is judged against the worker's own pacing rule replayed on what the caller saw: a frame
    // may go once its delta was sent and less than the lead would then be buffered at ACS. Using
    // the actual arrivals to advance the replay means a stall is counted once, at the frame it delayed.
    const deltaSentAtMs = response.deltaSentAtMs[Math.floor(k / this.#audio.framesPerDelta)] ?? now;
    const dueMs = Math.max(deltaSentAtMs, response.playoutEndsAtMs - (PACING_LEAD_MS - FRAME_MS));
    const addedMs = now - dueMs;
    response.playoutEndsAtMs = Math.max(response.playoutEndsAtMs, now) + FRAME_MS;
    this.#logs.outboundLatency.add(addedMs);
    if (addedMs > LATE_AFTER_MS) c.outboundFramesLate++;
  }

  /** The Voice Live side's messages from the worker. */
  onVoiceLiveMessage(data: RawData, onSessionUpdate: () => void): void {
    const message = rawBuffer(data);
    const bytes = appendedAudioBytes(message);
    if (bytes >= 0) {
      this.#countArrivedAudio(bytes / 2, performance.now());
      return;
    }
    const text = message.toString("utf8");
    if (text.includes('"session.update"')) {
      this.voiceLive?.send(sessionUpdatedText(`sess_load_${this.index}`, text));
      onSessionUpdate();
    }
  }

  /** Starts the call's timeline: first caller frame at `firstFrameAtMs`, first response within a period. */
  start(firstFrameAtMs: number): void {
    this.#started = true;
    this.#nextFrameAtMs = firstFrameAtMs;
    this.#nextResponseAtMs = firstFrameAtMs + ((this.index * 997) % RESPONSE_PERIOD_MS);
  }

  /** No responses start from now on (the window is closing). */
  stopResponding(): void {
    this.#respondingStopped = true;
  }

  /** Does whatever is due at `now`: caller frames, and the bot's response. */
  tick(now: number): void {
    if (!this.#started || this.closedByWorker) return;
    const acs = this.acs;
    for (let sent = 0; this.#nextFrameAtMs <= now && sent < 10; sent++) {
      if (isOpen(acs)) {
        const slot = this.framesSent % SEND_RING;
        const counted = this.#logs.measuring;
        this.#sendAtMs[slot] = performance.now();
        this.#sendCounted[slot] = counted ? 1 : 0;
        acs.send(this.#audio.callerFrame, { binary: false });
        if (counted) {
          this.#logs.sendLag.add(now - this.#nextFrameAtMs);
          this.#logs.counters.inboundFramesSent++;
          this.countedFramesSent++;
        }
        this.framesSent++;
      }
      this.#nextFrameAtMs += FRAME_MS;
    }
    this.#respond(now);
  }

  /** Settles the last response's books (dropped frames) at the end of a run. */
  finish(): void {
    if (this.#response) this.#settle(this.#response);
    this.#response = undefined;
  }

  #respond(now: number): void {
    const vl = this.voiceLive;
    if (!isOpen(vl)) return;
    let response = this.#response;
    // A new answer waits until the caller has heard the last one out, as a conversation would: answers
    // never overlap, so every frame belongs to the answer being counted.
    const previousHeard = now >= this.#playoutEndsAtMs + RESPONSE_GAP_MS;
    if (
      (!response || response.finished) &&
      now >= this.#nextResponseAtMs &&
      previousHeard &&
      !this.#respondingStopped
    ) {
      if (response) this.#settle(response);
      const n = this.#responseCount++;
      const id = `resp_${this.index}_${n}`;
      const itemId = `item_${this.index}_${n}`;
      response = {
        id,
        itemId,
        deltaMessage: Buffer.from(audioDeltaText(id, itemId, this.#audio.deltaBase64)),
        counted: this.#logs.measuring,
        barge: (n + this.index) % BARGE_IN_EVERY === BARGE_IN_EVERY - 1,
        deltasSent: 0,
        deltaSentAtMs: [],
        nextDeltaAtMs: now,
        framesReceived: 0,
        playoutEndsAtMs: Number.NEGATIVE_INFINITY,
        bargeSentAtMs: undefined,
        stopAudioAtMs: undefined,
        finished: false,
      };
      this.#response = response;
      this.#nextResponseAtMs = Math.max(this.#nextResponseAtMs + RESPONSE_PERIOD_MS, now);
      if (response.counted) this.#logs.counters.responses++;
      vl.send(responseCreatedText(response.id));
    }
    if (!response || response.finished) return;
    while (!response.finished && response.nextDeltaAtMs <= now) {
      if (response.barge && response.deltasSent === BARGE_IN_AFTER_DELTAS) {
        response.bargeSentAtMs = performance.now();
        vl.send(speechStartedText(`item_caller_${this.index}_${this.#responseCount}`, 0));
        vl.send(responseDoneText(response.id, "cancelled"));
        response.finished = true;
        if (response.counted) this.#logs.counters.bargeIns++;
        return;
      }
      response.deltaSentAtMs.push(performance.now());
      vl.send(response.deltaMessage, { binary: false });
      response.deltasSent++;
      response.nextDeltaAtMs += DELTA_INTERVAL_MS;
      if (response.deltasSent === DELTAS_PER_RESPONSE) {
        vl.send(audioDoneText(response.id, response.itemId));
        vl.send(responseDoneText(response.id, "completed"));
        response.finished = true;
      }
    }
  }

  #settle(response: Response): void {
    if (!response.counted) return;
    const c = this.#logs.counters;
    if (response.barge) {
      if (response.stopAudioAtMs === undefined) c.stopAudiosMissing++;
      return;
    }
    const expected = response.deltasSent * this.#audio.framesPerDelta;
    c.outboundFramesExpected += expected;
    if (response.framesReceived < expected) c.outboundFramesDropped += expected - response.framesReceived;
  }

  #countArrivedAudio(samples: number, now: number): void {
    this.#modelSamplesArrived += samples;
    const frameSamples = this.#audio.modelFrameSamples;
    const complete = Math.floor((this.#modelSamplesArrived + COUNT_SLACK_SAMPLES) / frameSamples);
    while (this.framesArrivedAtModel < complete && this.framesArrivedAtModel < this.framesSent) {
      const slot = this.framesArrivedAtModel++ % SEND_RING;
      if (this.#sendCounted[slot] === 1) {
        this.#logs.inboundLatency.add(now - (this.#sendAtMs[slot] as number));
        this.countedFramesArrived++;
      }
    }
  }
}

function isOpen(socket: WebSocket | undefined): socket is WebSocket {
  return socket?.readyState === 1;
}

function rawBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
