import type { CallControlConfig } from "../config.js";
import { endCallTool } from "./builtin/end-call.js";
import { transferToHumanTool } from "./builtin/transfer-to-human.js";
import { lookupOrderStatusTool } from "./examples/lookup-order-status.js";
import type { Tool } from "./tool.js";

/**
 * YOUR TOOLS: write one in its own file (see examples/lookup-order-status.ts) and add it here.
 * Every tool listed is offered to the model on every call.
 */
export const customTools: Tool[] = [];

/** Shipped as examples; offered only with TOOLS_EXAMPLES=true. */
export const exampleTools: Tool[] = [lookupOrderStatusTool];

/** The tools of one call: the built-ins that are switched on, then the custom (and example) ones. */
export function enabledTools(
  settings: CallControlConfig["tools"],
  custom: readonly Tool[] = customTools,
  ringTimeoutMs?: number,
): Tool[] {
  const tools: Tool[] = [];
  if (settings.endCall) tools.push(endCallTool);
  if (settings.transferToHuman && settings.transferNumber) {
    tools.push(transferToHumanTool(settings.transferNumber, ringTimeoutMs));
  }
  tools.push(...custom);
  if (settings.examples) tools.push(...exampleTools);
  const names = new Set<string>();
  for (const tool of tools) {
    if (names.has(tool.name)) throw new Error(`two tools are named ${tool.name}`);
    names.add(tool.name);
  }
  return tools;
}
