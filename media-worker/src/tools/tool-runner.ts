import type { Clock, TimerHandle } from "@acs-voice/shared";
import type { CallActions, Tool } from "./tool.js";

export type ToolCallStatus = "ok" | "error" | "timeout" | "unknown-tool" | "bad-arguments" | "cancelled";

export interface ToolCallResult {
  name: string;
  callId: string;
  status: ToolCallStatus;
  /** The function output sent to the model (JSON text, bounded). */
  output: string;
  durationMs: number;
}

export interface ToolRunnerOptions {
  tools: readonly Tool[];
  clock: Clock;
  callId: string;
  call: CallActions;
  defaultTimeoutMs: number;
  /** After this long without a result, `onSlow` runs once (the caller must not sit in silence). */
  fillerAfterMs: number;
  onSlow(toolName: string): void;
}

/** Function outputs are read by the model on every later turn: keep them short. */
export const MAX_OUTPUT_CHARS = 8_000;

/**
 * Runs the model's function calls: validates the arguments with the tool's schema, bounds each run by
 * its timeout, asks for a filler when a tool is slow, and turns every outcome (including a throw or a
 * timeout) into a function output the model can talk about. Never throws.
 */
export class ToolRunner {
  private readonly byName: Map<string, Tool>;
  /** Stops a running tool call at once (its timers too): the call ended. */
  private readonly running = new Set<() => void>();

  constructor(private readonly options: ToolRunnerOptions) {
    this.byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  }

  get tools(): readonly Tool[] {
    return this.options.tools;
  }

  async run(name: string, callId: string, argumentsJson: string): Promise<ToolCallResult> {
    const { clock } = this.options;
    const startedAt = clock.now();
    const finish = (status: ToolCallStatus, output: unknown): ToolCallResult => ({
      name,
      callId,
      status,
      output: boundedJson(output),
      durationMs: Math.round(clock.now() - startedAt),
    });
    const tool = this.byName.get(name);
    if (!tool) return finish("unknown-tool", { error: `There is no tool named ${name}.` });
    const parsed = tool.arguments.safeParse(parseJson(argumentsJson));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(arguments)");
      return finish("bad-arguments", { error: `Invalid arguments: ${[...new Set(fields)].join(", ")}` });
    }

    const controller = new AbortController();
    let stop: () => void = () => {};
    const stopped = new Promise<"cancelled">((resolve) => {
      stop = () => {
        controller.abort();
        resolve("cancelled");
      };
    });
    this.running.add(stop);
    let timeoutTimer: TimerHandle | undefined;
    let fillerTimer: TimerHandle | undefined;
    if (tool.filler !== false && this.options.fillerAfterMs > 0) {
      fillerTimer = clock.setTimeout(() => {
        fillerTimer = undefined;
        this.options.onSlow(name);
      }, this.options.fillerAfterMs);
    }
    const timeoutMs = tool.timeoutMs ?? this.options.defaultTimeoutMs;
    const timedOut = new Promise<"timeout">((resolve) => {
      timeoutTimer = clock.setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const work = tool.run(parsed.data, {
        callId: this.options.callId,
        signal: controller.signal,
        call: this.options.call,
      });
      const outcome = await Promise.race([work.then((value) => ({ value })), timedOut, stopped]);
      if (outcome === "cancelled") {
        work.catch(() => {});
        return finish("cancelled", { error: "cancelled" });
      }
      if (outcome === "timeout") {
        controller.abort();
        work.catch(() => {}); // its late rejection is expected after the abort
        return finish("timeout", { error: `The ${name} tool did not answer in time. Try again later.` });
      }
      if (controller.signal.aborted) return finish("cancelled", { error: "cancelled" });
      return finish("ok", outcome.value ?? { ok: true });
    } catch (error) {
      return finish("error", {
        error: `The ${name} tool failed${error instanceof Error && error.name !== "Error" ? ` (${error.name})` : ""}.`,
      });
    } finally {
      if (timeoutTimer !== undefined) clock.clearTimeout(timeoutTimer);
      if (fillerTimer !== undefined) clock.clearTimeout(fillerTimer);
      this.running.delete(stop);
    }
  }

  /** The call ended: running tools are told to stop. */
  cancelAll(): void {
    for (const stop of [...this.running]) stop();
    this.running.clear();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text === "" ? "{}" : text);
  } catch {
    return undefined;
  }
}

function boundedJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? "null";
  } catch {
    text = JSON.stringify({ error: "the tool returned something that is not JSON" });
  }
  return text.length <= MAX_OUTPUT_CHARS
    ? text
    : JSON.stringify({ truncated: true, partial: text.slice(0, MAX_OUTPUT_CHARS - 100) });
}
