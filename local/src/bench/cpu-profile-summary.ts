// Reads a V8 .cpuprofile and answers "where did the time go": self time per function, and the share of
// all samples spent inside (self or below) the functions that matter for the media path.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileFrame {
  name: string;
  /** Where: file (relative to the repo or node:internal) and line. */
  location: string;
  selfShare: number;
}

/** Where busy time goes, by kind of work: the question a capacity fix has to answer first. */
export type WorkKind =
  | "socket I/O and WebSocket framing"
  | "JSON and base64 (codecs)"
  | "audio (resampling, framing)"
  | "call logic (media-worker)"
  | "buffer copies and string conversions"
  | "garbage collection"
  | "timers and event loop"
  | "other";

export interface ProfileSummary {
  frames: ProfileFrame[];
  idleShare: number;
  /** Share of the busy (non-idle) samples per kind of work, largest first. */
  busyByKind: { kind: WorkKind; share: number }[];
}

const SOCKET_IO =
  /\/ws\/lib\/|node:net|node:internal\/net|stream_base_commons|streams\/(writable|readable)|^writev |^writeBuffer |^writeUtf8String |^writeString |onStreamRead|^writeGeneric /;
const AUDIO = /\/shared\/dist\/audio\/|polyphase|resampl|pcm-chunker/;
const CODECS = /\/shared\/dist\/(acs|voicelive)\/|^parse |^stringify |base64|^JSON/;
const TIMERS = /node:internal\/timers|processTicksAndRejections|listOnTimeout|processTimers|node:events/;
const BUFFERS =
  /node:buffer|node:internal\/buffer|node:internal\/encoding|node:internal\/crypto|^base64Slice |^base64Write |^latin1Slice |^utf8Slice |^isUtf8 /;

function kindOf(name: string, url: string): WorkKind {
  const key = `${name} ${url}`;
  if (name === "(garbage collector)") return "garbage collection";
  if (SOCKET_IO.test(key)) return "socket I/O and WebSocket framing";
  if (AUDIO.test(key)) return "audio (resampling, framing)";
  if (CODECS.test(key)) return "JSON and base64 (codecs)";
  if (url.includes("/media-worker/dist/")) return "call logic (media-worker)";
  if (BUFFERS.test(key)) return "buffer copies and string conversions";
  if (TIMERS.test(key)) return "timers and event loop";
  return "other";
}

/** Self time per function, largest first; `(idle)` and `(program)` excluded from the ranking but not the total. */
export function topSelfFrames(profilePath: string, limit: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    totalUs += delta;
  });
  const byFunction = new Map<string, ProfileFrame & { us: number }>();
  const byKind = new Map<WorkKind, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || "(anonymous)";
    if (name === "(idle)") {
      idleUs += us;
      continue;
    }
    const kind = kindOf(name, frame.url);
    byKind.set(kind, (byKind.get(kind) ?? 0) + us);
    const location = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : "";
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, selfShare: 0, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const frames = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map(({ name, location, us }) => ({ name, location, selfShare: totalUs > 0 ? us / totalUs : 0 }));
  const busyUs = totalUs - idleUs;
  const busyByKind = [...byKind]
    .map(([kind, us]) => ({ kind, share: busyUs > 0 ? us / busyUs : 0 }))
    .sort((a, b) => b.share - a.share);
  return { frames, idleShare: totalUs > 0 ? idleUs / totalUs : 0, busyByKind };
}

function shortUrl(url: string): string {
  const marker = ["/media-worker/", "/shared/", "/node_modules/"].find((m) => url.includes(m));
  if (marker) return url.slice(url.indexOf(marker) + 1);
  return url.replace(/^file:\/\//, "");
}
