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

/** Self time per function, largest first; `(idle)` and `(program)` excluded from the ranking but not the total. */
export function topSelfFrames(
  profilePath: string,
  limit: number,
): { frames: ProfileFrame[]; idleShare: number } {
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
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || "(anonymous)";
    if (name === "(idle)") {
      idleUs += us;
      continue;
    }
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
  return { frames, idleShare: totalUs > 0 ? idleUs / totalUs : 0 };
}

function shortUrl(url: string): string {
  const marker = ["/media-worker/", "/shared/", "/node_modules/"].find((m) => url.includes(m));
  if (marker) return url.slice(url.indexOf(marker) + 1);
  return url.replace(/^file:\/\//, "");
}
