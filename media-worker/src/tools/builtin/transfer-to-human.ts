import { z } from "zod";
import { defineTool, type Tool } from "../tool.js";

/** The default ring time of a transfer: a phone may ring 20-30 s before it (or its voicemail) answers. */
export const TRANSFER_RING_TIMEOUT_MS = 75_000;
/** Room for the announcement before the transfer is asked for, and for ACS to answer the request. */
const ANNOUNCEMENT_AND_REQUEST_MS = 20_000;

/**
 * Hands the caller to a person at a configured number (the model never sees or chooses the number).
 * The tool waits as long as the transfer may ring, plus the announcement before it.
 */
export function transferToHumanTool(
  transferNumber: string,
  ringTimeoutMs: number = TRANSFER_RING_TIMEOUT_MS,
): Tool {
  return defineTool({
    name: "transfer_to_human",
    description:
      "Transfer the caller to a human agent. Use it when the caller asks for a person, or when you " +
      "cannot help with their request. Tell the caller you are transferring them before calling it.",
    arguments: z.object({
      summary: z.string().max(500).optional().describe("One sentence on what the caller needs"),
    }),
    timeoutMs: ringTimeoutMs + ANNOUNCEMENT_AND_REQUEST_MS,
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
