import { z } from "zod";
import { defineTool } from "../tool.js";

/** Lets the model end the call once the conversation is over; the goodbye is heard first. */
export const endCallTool = defineTool({
  name: "end_call",
  description:
    "End the phone call. Call this only after you have said goodbye, when the caller has nothing more " +
    "to ask or clearly wants to hang up.",
  arguments: z.object({
    reason: z.string().max(200).optional().describe("Why the call ends, in a few words"),
  }),
  timeoutMs: 1_000,
  filler: false,
  async run(args, context) {
    context.call.endCall(args.reason ?? "conversation finished");
    return { ok: true, ending: true };
  },
});
