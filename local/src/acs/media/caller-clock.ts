/**
 * Call time as the caller experiences it: monotonic milliseconds since an arbitrary origin. The media
 * client schedules every frame against it, so tests can run a call faster than real time (`speed`) or
 * step it by hand (`createManualCallerClock`) without touching the client.
 */
export interface CallerClock {
  nowMs(): number;
  /** Runs `callback` once `delayMs` of call time has passed; the returned function cancels it. */
  setTimer(delayMs: number, callback: () => void): CancelTimer;
}

export type CancelTimer = () => void;

/** What `MediaClientOptions.clock` accepts: wall time, a faster clock for tests, or any `CallerClock`. */
export type CallerClockSetting = "realtime" | { speed: number } | CallerClock;

export interface MonotonicTimers {
  nowMs(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: MonotonicTimers = {
  nowMs: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Call time that runs `speed` times faster than the monotonic wall clock (1 = real time). */
export function createScaledCallerClock(speed: number, timers: MonotonicTimers = systemTimers): CallerClock {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  }
  const originMs = timers.nowMs();
  return {
    nowMs: () => (timers.nowMs() - originMs) * speed,
    setTimer(delayMs, callback) {
      const handle = timers.setTimeout(callback, Math.max(0, delayMs / speed));
      return () => timers.clearTimeout(handle);
    },
  };
}

export function resolveCallerClock(setting: CallerClockSetting | undefined): CallerClock {
  if (setting === undefined || setting === "realtime") return createScaledCallerClock(1);
  if ("speed" in setting) return createScaledCallerClock(setting.speed);
  return setting;
}

/** A clock that only moves when told to; timers fire in due order during `advance`. */
export interface ManualCallerClock extends CallerClock {
  advance(ms: number): void;
  /** Timers scheduled and neither fired nor cancelled: 0 once a client has cleaned up. */
  readonly pendingTimers: number;
}

export function createManualCallerClock(startMs = 0): ManualCallerClock {
  let nowMs = startMs;
  let nextId = 0;
  const timers = new Map<number, { dueMs: number; callback: () => void }>();

  const nextDue = (limitMs: number): [number, { dueMs: number; callback: () => void }] | undefined => {
    let best: [number, { dueMs: number; callback: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].dueMs > limitMs) continue;
      // Ties fire in scheduling order (ids grow), like Node's timers.
      if (best === undefined || entry[1].dueMs < best[1].dueMs) best = entry;
    }
    return best;
  };

  return {
    nowMs: () => nowMs,
    setTimer(delayMs, callback) {
      const id = nextId++;
      timers.set(id, { dueMs: nowMs + Math.max(0, delayMs), callback });
      return () => {
        timers.delete(id);
      };
    },
    advance(ms) {
      const targetMs = nowMs + ms;
      for (let due = nextDue(targetMs); due !== undefined; due = nextDue(targetMs)) {
        timers.delete(due[0]);
        nowMs = Math.max(nowMs, due[1].dueMs);
        due[1].callback();
      }
      nowMs = targetMs;
    },
    get pendingTimers() {
      return timers.size;
    },
  };
}
