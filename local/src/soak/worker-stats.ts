import type { ManagedProcess } from "../runner/managed-process.js";

/** What the worker reports about itself with MEDIA_WORKER_DEBUG_STATS=1 (media-worker/src/main.ts). */
export interface WorkerDebugStats {
  activeCalls: number;
  /** `process.getActiveResourcesInfo()` counted by kind: TCPSocketWrap, Timeout, ... */
  resources: Record<string, number>;
  rssBytes: number;
  heapUsedBytes: number;
}

export async function requestWorkerStats(
  worker: ManagedProcess,
  timeoutMs = 5_000,
): Promise<WorkerDebugStats> {
  const answer = worker.waitForMessage(
    (m): m is WorkerDebugStats & { type: string } =>
      typeof m === "object" && m !== null && (m as { type?: unknown }).type === "media-worker-debug-stats",
    timeoutMs,
  );
  worker.send({ type: "debug-stats" });
  const { activeCalls, resources, rssBytes, heapUsedBytes } = await answer;
  return { activeCalls, resources, rssBytes, heapUsedBytes };
}
