// The table printed at the end of a call: the numbers a voice bot is judged by, measured from the
// caller's seat (media client report), plus the model's token usage.

import type { MediaCallReport } from "../acs/media/index.js";
import type { LiveCallState } from "./live-call-state.js";
import type { WorkerEndpointStats } from "./worker-endpoint-stats.js";
import type { WorkerCallMetrics } from "./worker-metrics.js";

export interface SummaryInputs {
  report: MediaCallReport | undefined;
  state: LiveCallState;
  /** How the call ended, in words. */
  endedBy: string;
  artifactsDir: string;
  /** The worker's own counters (from its "call ended" log line), when it logged them. */
  worker?: WorkerCallMetrics | undefined;
  /** Each Voice Live resource of the worker's pool, when it has several (`--throttle`). */
  endpoints?: readonly WorkerEndpointStats[] | undefined;
}

export function summaryRows({
  report,
  state,
  endedBy,
  artifactsDir,
  worker,
  endpoints = [],
}: SummaryInputs): [string, string][] {
  const rows: [string, string][] = [["Call ended", endedBy]];
  if (report) {
    rows.push(["Call length", seconds((report.sent.length * 1000) / report.sampleRateHz)]);
    rows.push(["Audio format", `PCM16 mono ${report.sampleRateHz / 1000} kHz`]);
  }
  if (state.ringEpochMs !== undefined && state.mediaEpochMs !== undefined) {
    rows.push(["Ring → media connected", ms(state.mediaEpochMs - state.ringEpochMs)]);
  }
  const firstAudioMs = report?.botOnsetsMs[0];
  if (firstAudioMs !== undefined) rows.push(["Time to first audio (greeting)", ms(firstAudioMs)]);
  else rows.push(["Time to first audio (greeting)", "never heard"]);

  if (report) {
    report.utterances.forEach((utterance, i) => {
      const label = `Turn ${i + 1}: caller stop → bot audio`;
      if (Number.isFinite(utterance.botAudioAfterMs)) rows.push([label, ms(utterance.botAudioAfterMs)]);
      else rows.push([label, utterance.bargeIn ? "(barged in; answered next turn)" : "no answer"]);
    });
    report.bargeInStopMs.forEach((stopMs, i) => {
      const stopAudio = state.bargeIns[i]?.stopAudioAfterMs;
      const detail = stopAudio !== undefined ? ` (StopAudio after ${ms(stopAudio)})` : "";
      rows.push([
        `Barge-in ${i + 1}: bot audio stopped`,
        Number.isFinite(stopMs) ? `${ms(stopMs)}${detail}` : "never",
      ]);
    });
    if (report.bargeInStopMs.length === 0) rows.push(["Barge-in", "none"]);
  }
  if (state.toolCalls.length > 0) {
    rows.push(["Tool calls", state.toolCalls.map((t) => `${t.name}(${t.arguments})`).join(", ")]);
  }
  if (report) {
    rows.push(["Frames caller → worker", `${report.framesSent} (20 ms each)`]);
    rows.push([
      "Frames worker → caller",
      `${report.framesReceived} AudioData, ${report.stopAudioCount} StopAudio`,
    ]);
    rows.push([
      "Dropped",
      `${report.framesDroppedBackpressure} caller frames, ${ms(report.botAudioOverflowMs)} bot audio (buffer full), ${report.malformedCount + report.unknownCount} bad messages`,
    ]);
  }
  if (worker) {
    const n = (value: number | undefined) => (value === undefined ? "?" : String(value));
    rows.push([
      "Worker (its own count)",
      `${n(worker.framesIn)} frames in, ${n(worker.framesOut)} out, dropped ${n(worker.inboundDropped)} in / ${n(worker.outboundDropped)} out`,
    ]);
  }
  const t = state.tokens;
  rows.push([
    "Tokens (Voice Live)",
    `${t.total} total: ${t.input} in (${t.cached} cached), ${t.output} out, ${t.responses} responses`,
  ]);
  for (const endpoint of endpoints) {
    rows.push([
      `Voice Live resource ${endpoint.name}`,
      `${plural(endpoint.connections, "connection")}, ${plural(endpoint.refusals, "refusal")}, ${endpoint.tokens} tokens, ${seconds(endpoint.outOfRotationMs)} out of rotation`,
    ]);
  }
  rows.push(["Artifacts", artifactsDir]);
  return rows;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}
