/** One line of the call's transcript. Times in ms from call start. */
export interface TranscriptEntry {
  speaker: "caller" | "bot" | "tool";
  atMs: number;
  text: string;
  /** For the bot: the caller interrupted, and only part of the text was heard. */
  interrupted?: boolean;
  /** For an interrupted bot turn: everything the model meant to say. */
  fullText?: string;
}

export interface CallTranscript {
  callId: string;
  startedAt: string;
  entries: TranscriptEntry[];
}

export function renderTranscriptMarkdown(transcript: CallTranscript): string {
  const lines = [`# Call ${transcript.callId}`, "", `Started ${transcript.startedAt}.`, ""];
  for (const entry of transcript.entries) {
    const at = formatClock(entry.atMs);
    const who = entry.speaker === "caller" ? "**Caller**" : entry.speaker === "bot" ? "**Bot**" : "_Tool_";
    const cut = entry.interrupted ? "… _(interrupted by the caller)_" : "";
    lines.push(`- \`${at}\` ${who}: ${entry.text}${cut}`);
  }
  return `${lines.join("\n")}\n`;
}

function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = (totalSeconds - minutes * 60).toFixed(1).padStart(4, "0");
  return `${String(minutes).padStart(2, "0")}:${seconds}`;
}
