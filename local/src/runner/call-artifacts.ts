// The files of one call in out/calls/<time>/: call.wav (caller left, bot right, as the caller heard it),
// transcript.md / transcript.json, timeline.svg. The children's logs are already in logs/.

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeWav } from "@acs-voice/shared";
import type { MediaCallReport } from "../acs/media/index.js";
import type { CallRecord } from "./call-record.js";
import { interleaveStereo } from "./stereo-mix.js";
import { renderTimelineSvg } from "./timeline-svg.js";
import { renderTranscriptMarkdown } from "./transcript.js";

export const ARTIFACT_FILES = {
  wav: "call.wav",
  transcriptMarkdown: "transcript.md",
  transcriptJson: "transcript.json",
  timeline: "timeline.svg",
  run: "run.json",
  logs: "logs",
} as const;

export async function writeCallArtifacts(
  dir: string,
  report: MediaCallReport,
  record: CallRecord,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const wav = writeWav({
    sampleRateHz: report.sampleRateHz,
    channels: 2,
    samples: interleaveStereo(report.sent, report.heard),
  });
  const title = `Call ${record.transcript.callId} (${report.sampleRateHz / 1000} kHz)`;
  await Promise.all([
    writeFile(join(dir, ARTIFACT_FILES.wav), wav),
    writeFile(join(dir, ARTIFACT_FILES.transcriptMarkdown), renderTranscriptMarkdown(record.transcript)),
    writeFile(
      join(dir, ARTIFACT_FILES.transcriptJson),
      `${JSON.stringify({ ...record.transcript, timeline: record.timeline, ...extra }, null, 2)}\n`,
    ),
    writeFile(join(dir, ARTIFACT_FILES.timeline), renderTimelineSvg(record.timeline, title)),
  ]);
}

/** run.json: how the run went, written on every path (also when it failed), for scripts and tests. */
export async function writeRunRecord(dir: string, record: Record<string, unknown>): Promise<void> {
  await writeFile(join(dir, ARTIFACT_FILES.run), `${JSON.stringify(record, null, 2)}\n`);
}
