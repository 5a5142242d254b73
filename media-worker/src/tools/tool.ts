import type { FunctionToolDefinition } from "@acs-voice/shared";
import { z } from "zod";

/** What a tool may do to the call besides answering the model. */
export interface CallActions {
  /** Hang up once the caller has heard what the bot is saying (a goodbye is asked for when it said nothing). */
  endCall(reason: string): void;
  /** Transfers the call; resolves once ACS accepted or refused it. */
  transfer(target: string): Promise<TransferOutcome>;
}

export type TransferOutcome =
  | { ok: true }
  /** `destination-not-allowed`: the number is not in ALLOWED_DESTINATIONS; nothing was dialled. */
  | { ok: false; reason: string; code?: "destination-not-allowed" };

export interface ToolContext {
  /** Our id for the call; safe to log. */
  callId: string;
  /** Aborted when the tool timed out or the call ended: stop work and let go of resources. */
  signal: AbortSignal;
  call: CallActions;
}

/**
 * A function the model can call. `arguments` is both the JSON schema the model sees and the validator
 * of what it sends; `run` returns anything JSON-serialisable, which becomes the function output.
 */
export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** Tells the model when to call it; the model reads this, so write it for the model. */
  description: string;
  arguments: Schema;
  /** Longer than this and the model gets an error result instead; default TOOL_TIMEOUT_MS. */
  timeoutMs?: number;
  /** False: no "one moment" filler for this tool (it speaks for itself, e.g. a transfer). */
  filler?: boolean;
  run(args: z.infer<Schema>, context: ToolContext): Promise<unknown>;
}

/** Keeps each tool's argument type checked where it is written, and erases it for the registry. */
export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool {
  return tool as unknown as Tool;
}

/** The `tools` entry of `session.update`. */
export function toolDefinition(tool: Tool): FunctionToolDefinition {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.arguments) as Record<string, unknown>;
  return { type: "function", name: tool.name, description: tool.description, parameters };
}
