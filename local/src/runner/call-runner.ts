// `npm start`: one complete phone call through the real processes on this machine. Starts the offline
// system, rings the functions app through the emulated Event Grid, shows the call live, ends it (see
// end-of-call.ts), then prints the summary and writes the artifacts. Every child process is stopped on
// every path: success, failure, timeout and Ctrl-C.

import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { AcsAudioFormat } from "@acs-voice/shared";
import type { MediaCallReport } from "../acs/media/index.js";
import { ARTIFACT_FILES, writeCallArtifacts, writeRunRecord } from "./call-artifacts.js";
import { buildCallRecord } from "./call-record.js";
import { summaryRows } from "./call-summary.js";
import { decideCallEnd } from "./end-of-call.js";
import { type ConversationItemSummary, isChildMessage, messageOfType } from "./ipc-messages.js";
import { LiveCallState } from "./live-call-state.js";
import { createLiveView, type LiveView } from "./live-view.js";
import type { ManagedProcess } from "./managed-process.js";
import {
  ChildStartError,
  type OfflineSystem,
  PROCESS_NAMES,
  startOfflineSystem,
  stopAll,
} from "./offline-system.js";
import { renderTable } from "./summary-table.js";
import { workerEndpointStats } from "./worker-endpoint-stats.js";
import { workerCallMetrics } from "./worker-metrics.js";

export interface OfflineCallOptions {
  scenarioFile: string;
  callerWav: string | undefined;
  format: AcsAudioFormat;
  /** Call folders go here: <outDir>/<time>/. */
  outDir: string;
  timeoutMs: number;
  verbose: boolean;
  /** Two Voice Live resources, the first throttling (`npm start -- --throttle`). */
  throttle?: boolean;
  out: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Redraw the view in place (a terminal); plain lines otherwise. */
  interactive: boolean;
  color: boolean;
  /** Aborted by Ctrl-C: the run fails and stops everything. */
  signal?: AbortSignal;
  voiceLiveAudioSpeed?: number;
  now?: () => number;
}

export interface OfflineCallResult {
  ok: boolean;
  callDir: string;
  /** What failed, and the log that tells more. */
  failure: { what: string; logFile: string | undefined } | undefined;
  endedBy: string | undefined;
  summary: string | undefined;
  report: MediaCallReport | undefined;
  /** Every child process started (all stopped when this resolves). */
  pids: number[];
}

/** No media connection this long after the ring: the call was not answered. */
const ANSWER_TIMEOUT_MS = 20_000;
const REPORT_TIMEOUT_MS = 5_000;
const POLL_MS = 100;

class RunFailure extends Error {
  constructor(
    readonly what: string,
    readonly logFile: string | undefined,
  ) {
    super(what);
  }
}

export async function runOfflineCall(options: OfflineCallOptions): Promise<OfflineCallResult> {
  const now = options.now ?? Date.now;
  const startedEpochMs = now();
  const callId = timestampFolder(new Date(startedEpochMs));
  const callDir = resolve(options.outDir, callId);
  const logsDir = join(callDir, ARTIFACT_FILES.logs);
  await mkdir(logsDir, { recursive: true });
  const logFileOf = (name: string) => join(logsDir, `${name}.log`);

  const state = new LiveCallState(startedEpochMs);
  const view = createLiveView({
    out: options.out,
    interactive: options.interactive,
    color: options.color,
    title: `Offline call (${options.format})`,
  });
  const started: ManagedProcess[] = [];
  const abort = new AbortController();
  let failure: RunFailure | undefined;
  let failed: (error: RunFailure) => void = () => {};
  const failedPromise = new Promise<never>((_, reject) => {
    failed = reject;
  });
  failedPromise.catch(() => {});
  let stopping = false;
  const fail = (what: string, logFile?: string) => {
    if (failure || stopping) return;
    failure = new RunFailure(what, logFile);
    abort.abort();
    failed(failure);
  };
  const onInterrupt = () => fail("interrupted (Ctrl-C)");
  options.signal?.addEventListener("abort", onInterrupt, { once: true });
  const overallTimer = setTimeout(
    () =>
      fail(`the call did not finish within ${options.timeoutMs / 1000} s`, logFileOf(PROCESS_NAMES.worker)),
    options.timeoutMs,
  );
  const race = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, failedPromise]);

  let report: MediaCallReport | undefined;
  let endedBy: string | undefined;
  let summary: string | undefined;
  let rows: [string, string][] = [];
  try {
    view.note(
      `Starting Azurite, the ACS, Voice Live and Web PubSub emulators, the media worker and the functions host…`,
    );
    const system = await race(
      startOfflineSystem({
        logsDir,
        format: options.format,
        scenarioFile: options.scenarioFile,
        ...(options.callerWav ? { callerWavFile: options.callerWav } : {}),
        echoLogs: options.verbose,
        ...(options.throttle ? { throttleVoiceLive: true } : {}),
        ...(options.voiceLiveAudioSpeed ? { voiceLiveAudioSpeed: options.voiceLiveAudioSpeed } : {}),
        started,
        signal: abort.signal,
        onStarted: (name) => {
          const up = { atEpochMs: now(), event: { kind: "service-up", name } } as const;
          state.apply(up);
          view.event(up, state);
        },
        onUnexpectedExit: (child, code) =>
          fail(`${child.name} exited unexpectedly (exit code ${code})`, logFileOf(child.name)),
      }),
    );
    listen(system, state, view, fail, logFileOf, (r) => {
      report = r;
    });

    state.ringEpochMs = now();
    state.callState = "ringing";
    view.note(`Monitor: ${system.monitorUrl}`);
    view.note(`Ringing: Event Grid → ${system.incomingCallUrl}`);
    system.acs.send({ type: "ring", webhookUrl: system.incomingCallUrl, caller: system.caller.samples });
    endedBy = await race(waitForCallEnd(system, state, view, now, fail, logFileOf, abort.signal));

    if (!report) {
      await race(
        system.acs.waitForMessage(messageOfType("media-report"), REPORT_TIMEOUT_MS).then((m) => {
          report = m.report;
        }),
      );
    }
    system.voiceLive.send({ type: "send-conversation" });
    const conversation = await race(
      system.voiceLive
        .waitForMessage(messageOfType("conversation"), REPORT_TIMEOUT_MS)
        .then((m) => m.items)
        .catch((): ConversationItemSummary[] => []),
    );
    const callReport = report as MediaCallReport | undefined;
    if (!callReport) throw new RunFailure("the media leg sent no report", logFileOf(PROCESS_NAMES.acs));
    if (callReport.botOnsetsMs.length === 0) {
      throw new RunFailure("the caller never heard the bot", logFileOf(PROCESS_NAMES.worker));
    }
    const endLabel =
      callReport.endedBy === "worker" || endedBy.startsWith("the bot") ? "bot hung up" : "caller hung up";
    const record = buildCallRecord({ callId, report: callReport, conversation, endLabel });
    await writeCallArtifacts(callDir, callReport, record, { endedBy, conversation });
    const workerLog = await readFile(logFileOf(PROCESS_NAMES.worker), "utf8").catch(() => "");
    const worker = workerCallMetrics(workerLog);
    const endpoints = workerEndpointStats(workerLog);
    rows = summaryRows({ report: callReport, state, endedBy, artifactsDir: callDir, worker, endpoints });
    summary = renderTable(rows);
  } catch (error) {
    if (error instanceof RunFailure) failure ??= error;
    else if (error instanceof ChildStartError) failure ??= new RunFailure(error.message, error.logFile);
    else failure ??= new RunFailure(error instanceof Error ? error.message : String(error), undefined);
  } finally {
    stopping = true;
    clearTimeout(overallTimer);
    options.signal?.removeEventListener("abort", onInterrupt);
    await stopAll(started);
    view.close(state);
    await writeRunRecord(callDir, {
      ok: failure === undefined,
      failure: failure ? { what: failure.what, logFile: failure.logFile } : undefined,
      endedBy,
      format: options.format,
      summary: Object.fromEntries(rows),
      processes: started.map((p) => ({ name: p.name, pid: p.pid, running: p.running })),
    }).catch(() => {});
  }
  return {
    ok: failure === undefined,
    callDir,
    failure: failure ? { what: failure.what, logFile: failure.logFile } : undefined,
    endedBy,
    summary,
    report,
    pids: started.flatMap((p) => (p.pid === undefined ? [] : [p.pid])),
  };
}

function listen(
  system: OfflineSystem,
  state: LiveCallState,
  view: LiveView,
  fail: (what: string, logFile?: string) => void,
  logFileOf: (name: string) => string,
  onReport: (report: MediaCallReport) => void,
): void {
  for (const child of [system.acs, system.voiceLive]) {
    child.onMessage((message) => {
      if (!isChildMessage(message)) return;
      if (message.type === "live") {
        state.apply(message);
        view.event(message, state);
      } else if (message.type === "media-report") {
        onReport(message.report);
      } else if (message.type === "failed") {
        fail(
          message.message,
          message.message.includes("functions host")
            ? logFileOf(PROCESS_NAMES.functions)
            : logFileOf(child.name),
        );
      }
    });
  }
}

/** Resolves with how the call ended, once it has. */
function waitForCallEnd(
  system: OfflineSystem,
  state: LiveCallState,
  view: LiveView,
  now: () => number,
  fail: (what: string, logFile?: string) => void,
  logFileOf: (name: string) => string,
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolvePromise) => {
    let callerHungUp: string | undefined;
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
    const timer = setInterval(() => {
      const nowMs = now();
      if (state.mediaEpochMs === undefined && nowMs - (state.ringEpochMs ?? nowMs) > ANSWER_TIMEOUT_MS) {
        clearInterval(timer);
        const answered = state.callState !== "ringing";
        fail(
          answered
            ? "the call was answered but ACS never connected media to the worker"
            : "the functions app never answered the call",
          logFileOf(answered ? PROCESS_NAMES.worker : PROCESS_NAMES.functions),
        );
        return;
      }
      const decision = decideCallEnd(state, system.caller, nowMs);
      switch (decision.action) {
        case "wait":
          return;
        case "caller-hangs-up":
          if (!callerHungUp) {
            callerHungUp = decision.why;
            view.note(`The caller hangs up: ${decision.why}.`);
            system.acs.send({ type: "hang-up" });
          }
          return;
        case "ended-by-worker":
          clearInterval(timer);
          resolvePromise("the bot hung up after its goodbye (end_call → Call Automation)");
          return;
        case "ended": {
          clearInterval(timer);
          const endCall = state.toolCalls.some((t) => t.name === "end_call");
          resolvePromise(
            callerHungUp
              ? `caller hung up: ${callerHungUp}${endCall ? " (end_call was called)" : ""}`
              : `the call ended: ${decision.reason}`,
          );
          return;
        }
      }
    }, POLL_MS);
  });
}

/** 2026-11-26T01-45-21 (sortable, no characters that trouble file systems). */
export function timestampFolder(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/:/g, "-");
}
