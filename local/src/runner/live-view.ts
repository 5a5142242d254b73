// The console while a call runs. On a terminal: one block that redraws in place (ANSI cursor moves,
// no dependency) with the call state, who is speaking, each turn's latency and the barge-in. Anywhere
// else (CI, a pipe, `--verbose` with the children's logs interleaved): one plain line per event.

import type { LiveCallState, LiveTurn } from "./live-call-state.js";
import type { LiveEvent, TimedLiveEvent } from "./live-event.js";

export interface LiveView {
  /** An event was applied to the state. */
  event(event: TimedLiveEvent, state: LiveCallState): void;
  /** Redraw (a terminal view redraws on a timer too, so the clock moves). */
  refresh(state: LiveCallState): void;
  /** A line that stays (progress of the start-up, a warning). */
  note(line: string): void;
  /** Leaves the last frame on screen and the cursor below it. */
  close(state: LiveCallState): void;
}

export interface LiveViewOptions {
  out: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Redraw in place; otherwise plain lines. */
  interactive: boolean;
  color: boolean;
  title: string;
  now?: () => number;
}

export function createLiveView(options: LiveViewOptions): LiveView {
  return options.interactive ? new RedrawingView(options) : new PlainView(options);
}

const ESC = "\x1b[";

interface Style {
  bold(text: string): string;
  dim(text: string): string;
  caller(text: string): string;
  bot(text: string): string;
  alert(text: string): string;
  good(text: string): string;
}

function styles(color: boolean): Style {
  const wrap = (code: string) => (text: string) => (color ? `${ESC}${code}m${text}${ESC}0m` : text);
  return {
    bold: wrap("1"),
    dim: wrap("2"),
    caller: wrap("36"),
    bot: wrap("32"),
    alert: wrap("31"),
    good: wrap("32"),
  };
}

/** The lines of the in-place view (also used by tests, without colour). */
export function renderLiveLines(
  state: LiveCallState,
  nowEpochMs: number,
  title: string,
  style = styles(false),
): string[] {
  const elapsed = clock(nowEpochMs - state.startedEpochMs);
  const lines = [style.bold(`${title} · ${elapsed}`)];
  lines.push(
    `  Services   ${state.servicesUp.map((name) => `${style.good("✔")} ${name}`).join("  ") || "starting…"}`,
  );
  const model = state.modelConnected ? "Voice Live session opened" : "no Voice Live session yet";
  const callback = state.lastCallback ? ` · last callback ${state.lastCallback}` : "";
  lines.push(`  Call       ${state.callState}${callback} · ${model}`);
  const caller = state.callerSpeaking ? style.caller("▶ caller speaking") : style.dim("  caller silent  ");
  const bot = state.botSpeaking ? style.bot("▶ bot speaking") : style.dim("  bot silent");
  lines.push(`  Speaking   ${caller}   ${bot}`);
  lines.push("");
  for (const turn of state.turns) for (const line of turnLines(turn, state, style)) lines.push(`  ${line}`);
  for (const tool of state.toolCalls) lines.push(`  ${style.bold("tool")}   ${tool.name}(${tool.arguments})`);
  if (state.botLine) lines.push(`  ${style.dim("bot said")} ${quote(state.botLine, 90)}`);
  const t = state.tokens;
  if (t.responses > 0)
    lines.push(
      `  ${style.dim(`tokens ${t.total} (${t.input} in, ${t.output} out) in ${t.responses} responses`)}`,
    );
  if (state.endReason) lines.push(`  ${style.bold(`call ended: ${state.endReason}`)}`);
  return lines;
}

function turnLines(turn: LiveTurn, state: LiveCallState, style: Style): string[] {
  if (turn.index === 0) {
    const firstAudio =
      turn.botStartEpochMs !== undefined && state.mediaEpochMs !== undefined
        ? ` first audio ${style.bold(`${Math.round(turn.botStartEpochMs - state.mediaEpochMs)} ms`)} after media connected`
        : "";
    return [`${style.bot("greeting".padEnd(8))}${firstAudio}`];
  }
  const said = turn.callerText
    ? quote(turn.callerText, 44)
    : turn.callerStopEpochMs === undefined
      ? "(speaking…)"
      : "(…)";
  const label = `turn ${turn.index}`.padEnd(8);
  const latency =
    turn.latencyMs !== undefined ? `answered in ${style.bold(`${Math.round(turn.latencyMs)} ms`)}` : "";
  const lines = [`${style.caller(label)} ${said.padEnd(46)} ${latency}`];
  if (turn.bargeIn) lines.push(`${" ".repeat(9)}${style.alert("⚡ barge-in")}${bargeInDetail(turn.bargeIn)}`);
  return lines;
}

function bargeInDetail(bargeIn: NonNullable<LiveTurn["bargeIn"]>): string {
  const parts: string[] = [];
  if (bargeIn.stopAudioAfterMs !== undefined)
    parts.push(`StopAudio ${Math.round(bargeIn.stopAudioAfterMs)} ms`);
  if (bargeIn.botSilentAfterMs !== undefined)
    parts.push(`bot silent ${Math.round(bargeIn.botSilentAfterMs)} ms`);
  return parts.length ? `: the caller talked over the bot; ${parts.join(", ")} later` : "";
}

class RedrawingView implements LiveView {
  private drawnLines = 0;
  private readonly style: Style;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private last: LiveCallState | undefined;

  constructor(private readonly options: LiveViewOptions) {
    this.style = styles(options.color);
    this.now = options.now ?? Date.now;
    this.options.out.write(`${ESC}?25l`); // hide the cursor while redrawing
    this.timer = setInterval(() => this.last && this.refresh(this.last), 200);
  }

  event(_event: TimedLiveEvent, state: LiveCallState): void {
    this.refresh(state);
  }

  refresh(state: LiveCallState): void {
    this.last = state;
    const width = Math.max(40, ("columns" in this.options.out && this.options.out.columns) || 120);
    const lines = renderLiveLines(state, this.now(), this.options.title, this.style).map((l) =>
      fit(l, width),
    );
    this.options.out.write(`${this.erase()}${lines.join("\n")}\n`);
    this.drawnLines = lines.length;
  }

  note(line: string): void {
    this.options.out.write(`${this.erase()}${line}\n`);
    this.drawnLines = 0;
    if (this.last) this.refresh(this.last);
  }

  close(state: LiveCallState): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.refresh(state);
    this.options.out.write(`${ESC}?25h`);
  }

  private erase(): string {
    return this.drawnLines > 0 ? `${ESC}${this.drawnLines}F${ESC}J` : "";
  }
}

class PlainView implements LiveView {
  /** The model's transcript can arrive before the caller's side has confirmed the end of speech. */
  private heldTranscript: string | undefined;

  constructor(private readonly options: LiveViewOptions) {}

  event({ atEpochMs, event }: TimedLiveEvent, state: LiveCallState): void {
    const line = describe(event, state, atEpochMs);
    if (!line) return;
    const stamped = `[${clock(atEpochMs - state.startedEpochMs)}] ${line}\n`;
    if (event.kind === "caller-transcript" && state.callerSpeaking) {
      this.heldTranscript = (this.heldTranscript ?? "") + stamped;
      return;
    }
    this.options.out.write(stamped);
    if (event.kind === "caller-speech" && this.heldTranscript !== undefined) {
      this.options.out.write(this.heldTranscript);
      this.heldTranscript = undefined;
    }
  }

  refresh(): void {}

  note(line: string): void {
    this.options.out.write(`${line}\n`);
  }

  close(): void {
    if (this.heldTranscript !== undefined) this.options.out.write(this.heldTranscript);
    this.heldTranscript = undefined;
  }
}

/** One line per event worth a line in a log (plain view). */
export function describe(event: LiveEvent, state: LiveCallState, atEpochMs: number): string | undefined {
  switch (event.kind) {
    case "service-up":
      return `${event.name} up`;
    case "call-state":
      return `call ${event.state}`;
    case "callback":
      return `callback ${event.type}`;
    case "media-connected":
      return "media connected (caller ↔ worker)";
    case "caller-speech": {
      if (!event.speaking) return "caller stopped";
      const bargeIn = state.turns.at(-1)?.bargeIn;
      return bargeIn && state.bargeIns.length > 0 && bargeIn === state.bargeIns.at(-1) && state.botSpeaking
        ? "caller speaking over the bot: barge-in"
        : "caller speaking";
    }
    case "bot-audio": {
      if (!event.audible) {
        const bargeIn = state.bargeIns.at(-1);
        return bargeIn?.botSilentAfterMs !== undefined && state.callerSpeaking
          ? `bot silent (${Math.round(bargeIn.botSilentAfterMs)} ms after the caller cut in)`
          : "bot stopped";
      }
      const turn = state.turns.at(-1);
      if (turn?.botStartEpochMs !== atEpochMs) return "bot speaking";
      if (turn.index === 0 && state.mediaEpochMs !== undefined) {
        return `bot speaking: greeting, first audio ${Math.round(atEpochMs - state.mediaEpochMs)} ms after media connected`;
      }
      return turn.latencyMs !== undefined
        ? `bot speaking: answered in ${Math.round(turn.latencyMs)} ms`
        : "bot speaking";
    }
    case "stop-audio":
      return "StopAudio from the worker (bot audio flushed)";
    case "call-ended":
      return `call ended (${event.reason})`;
    case "model-connected":
      return "Voice Live session opened";
    case "caller-transcript":
      return `caller said ${quote(event.text, 100)}`;
    case "response-done":
      return event.status === "cancelled" ? "response cancelled" : undefined;
    case "response-cancel":
      return "worker sent response.cancel";
    case "truncate":
      return `worker truncated the answer at ${event.audioEndMs} ms (what the caller heard)`;
    case "tool-call":
      return `tool call ${event.name}(${event.arguments})`;
    case "bot-transcript":
    case "model-vad":
      return undefined;
  }
}

function clock(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `${s.toFixed(1).padStart(5)}s`;
}

function quote(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

/** Cuts a line to the terminal width (ANSI codes take no columns), so redrawing never wraps. */
function fit(line: string, width: number): string {
  let visible = 0;
  let out = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\x1b") {
      const end = line.indexOf("m", i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible >= width - 1) continue;
    out += line[i];
    visible++;
  }
  return line.includes("\x1b") ? `${out}${ESC}0m` : out;
}
