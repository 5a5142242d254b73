import type { LoadRunOptions, LoadRunResult } from "./load-options.js";

/** Parent → load process. */
export type LoadCommand = { type: "run"; options: LoadRunOptions } | { type: "exit" };

/** Load process → parent. */
export type LoadReport =
  | { type: "load-ready"; voiceLiveUrl: string; voiceLiveApiKey: string }
  | { type: "load-result"; result: LoadRunResult }
  | { type: "load-failed"; message: string };

export function isLoadReport(message: unknown): message is LoadReport {
  return (
    typeof message === "object" &&
    message !== null &&
    typeof (message as { type?: unknown }).type === "string" &&
    (message as { type: string }).type.startsWith("load-")
  );
}
