import type { CallTimeline, LabelledSegment } from "./call-timeline.js";

const WIDTH = 1200;
const MARGIN_LEFT = 90;
const MARGIN_RIGHT = 30;
const ROW_HEIGHT = 34;
const CALLER_Y = 70;
const BOT_Y = 150;
const AXIS_Y = 230;
const HEIGHT = 290;

const COLORS = {
  caller: "#2b7bb9",
  bot: "#3a9d5d",
  interrupted: "#c9a227",
  bargeIn: "#d64541",
  tool: "#8e44ad",
  latency: "#555555",
  grid: "#e5e5e5",
  text: "#222222",
};

/** Speech bars for caller and bot on a time axis, with barge-ins, tool calls and per-turn latency. */
export function renderTimelineSvg(timeline: CallTimeline, title = "Call timeline"): string {
  const span = Math.max(1000, timeline.durationMs);
  const x = (ms: number) => MARGIN_LEFT + ((WIDTH - MARGIN_LEFT - MARGIN_RIGHT) * ms) / span;
  const parts: string[] = [];

  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN_LEFT}" y="24" font-size="16" font-weight="bold" fill="${COLORS.text}">${escapeXml(title)}</text>`,
  );

  const stepMs = span > 60_000 ? 10_000 : span > 20_000 ? 5_000 : 1_000;
  for (let ms = 0; ms <= span; ms += stepMs) {
    const px = x(ms).toFixed(1);
    parts.push(
      `<line x1="${px}" y1="${CALLER_Y - 14}" x2="${px}" y2="${AXIS_Y}" stroke="${COLORS.grid}"/>`,
      `<text x="${px}" y="${AXIS_Y + 16}" text-anchor="middle" fill="${COLORS.text}">${ms / 1000}s</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN_LEFT}" y1="${AXIS_Y}" x2="${WIDTH - MARGIN_RIGHT}" y2="${AXIS_Y}" stroke="${COLORS.text}"/>`,
  );

  parts.push(rowLabel("caller", CALLER_Y), rowLabel("bot", BOT_Y));
  for (const segment of timeline.caller) parts.push(bar(segment, CALLER_Y, COLORS.caller, x));
  for (const segment of timeline.bot) {
    parts.push(bar(segment, BOT_Y, segment.interrupted ? COLORS.interrupted : COLORS.bot, x));
  }

  for (const turn of timeline.turnLatencies) {
    const y = BOT_Y - 10;
    const x1 = x(turn.callerStopMs).toFixed(1);
    const x2 = x(turn.botStartMs).toFixed(1);
    parts.push(
      `<line x1="${x1}" y1="${CALLER_Y + ROW_HEIGHT}" x2="${x1}" y2="${y}" stroke="${COLORS.latency}" stroke-dasharray="3,3"/>`,
      `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${COLORS.latency}" stroke-width="2"/>`,
      `<text x="${(Number(x1) + 4).toFixed(1)}" y="${y - 4}" fill="${COLORS.latency}">${Math.round(turn.latencyMs)} ms</text>`,
    );
  }

  if (timeline.firstAudioMs !== undefined) {
    const x0 = x(0).toFixed(1);
    const x1 = x(timeline.firstAudioMs).toFixed(1);
    const y = BOT_Y - 10;
    parts.push(
      `<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="${COLORS.latency}" stroke-width="2"/>`,
      `<text x="${x0}" y="${y - 4}" fill="${COLORS.latency}">first audio ${Math.round(timeline.firstAudioMs)} ms</text>`,
    );
  }

  if (timeline.end) {
    const px = x(timeline.end.atMs).toFixed(1);
    parts.push(
      `<line x1="${px}" y1="${CALLER_Y - 14}" x2="${px}" y2="${AXIS_Y}" stroke="${COLORS.text}" stroke-width="2" stroke-dasharray="6,3"/>`,
      `<text x="${px}" y="${CALLER_Y - 18}" text-anchor="end" fill="${COLORS.text}">${escapeXml(timeline.end.label)}</text>`,
    );
  }

  for (const bargeIn of timeline.bargeIns) {
    const px = x(bargeIn.atMs).toFixed(1);
    parts.push(
      `<line x1="${px}" y1="${CALLER_Y - 14}" x2="${px}" y2="${BOT_Y + ROW_HEIGHT + 8}" stroke="${COLORS.bargeIn}" stroke-width="2"/>`,
      `<text x="${px}" y="${BOT_Y + ROW_HEIGHT + 22}" text-anchor="middle" fill="${COLORS.bargeIn}">barge-in: bot stopped in ${Math.round(bargeIn.stopAfterMs)} ms</text>`,
    );
  }

  for (const tool of timeline.toolCalls) {
    const px = x(tool.atMs).toFixed(1);
    parts.push(
      `<path d="M ${px} ${BOT_Y - 24} l 6 -10 l -12 0 z" fill="${COLORS.tool}"/>`,
      `<text x="${px}" y="${BOT_Y - 38}" text-anchor="middle" fill="${COLORS.tool}">tool: ${escapeXml(tool.name)}</text>`,
    );
  }

  parts.push(legend(), "</svg>");
  return `${parts.join("\n")}\n`;
}

function rowLabel(label: string, y: number): string {
  return `<text x="10" y="${y + ROW_HEIGHT / 2 + 4}" font-weight="bold" fill="${COLORS.text}">${label}</text>`;
}

function bar(segment: LabelledSegment, y: number, color: string, x: (ms: number) => number): string {
  const x1 = x(segment.startMs);
  const width = Math.max(1, x(segment.endMs) - x1);
  const title = segment.text ? `<title>${escapeXml(segment.text)}</title>` : "";
  return `<rect x="${x1.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW_HEIGHT}" rx="3" fill="${color}">${title}</rect>`;
}

function legend(): string {
  const items: [string, string][] = [
    ["caller speech", COLORS.caller],
    ["bot speech (heard)", COLORS.bot],
    ["bot cut off by barge-in", COLORS.interrupted],
    ["barge-in", COLORS.bargeIn],
    ["tool call", COLORS.tool],
  ];
  return items
    .map(([label, color], i) => {
      const lx = MARGIN_LEFT + i * 200;
      return `<rect x="${lx}" y="${HEIGHT - 22}" width="12" height="12" fill="${color}"/><text x="${lx + 18}" y="${HEIGHT - 12}" fill="${COLORS.text}">${label}</text>`;
    })
    .join("\n");
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
