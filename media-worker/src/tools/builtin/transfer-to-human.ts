import { z } from "zod";
import { defineTool, type Tool } from "../tool.js";

/** How long ACS may take to accept or refuse a transfer before the model is told it did not work. */
export const TRANSFER_TIMEOUT_MS = 30_000;

/** Hands the caller to a person at a configured number (the model never sees or chooses the number). */
export function transferToHumanTool(transferNumber: string): Tool {
  return defineTool({
    name: "transfer_to_human",
    description:
      "Transfer the caller to a human agent. Use it when the caller asks for a person, or when you " +
      "cannot help with their request. Tell the caller you are transferring them before calling it.",
    arguments: z.object({
      summary: z.string().max(500).optional().describe("One sentence on what the caller needs"),
    }),
    timeoutMs: TRANSFER_TIMEOUT_MS,
    filler: false,
    async run(_args, context) {
      const outcome = await context.call.transfer(transferNumber);
      return outcome.ok
        ? { ok: true, transferred: true }
        : {
            ok: false,
            error: `The transfer failed (${outcome.reason}). Tell the caller and offer to help further.`,
          };
    },
  });
}
