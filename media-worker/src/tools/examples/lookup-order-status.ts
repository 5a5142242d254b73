import { z } from "zod";
import { defineTool } from "../tool.js";

/**
 * An example lookup: replace the table with a call to your order system. It shows the shape of a tool:
 * a schema the model fills in, a handler that honours `signal`, and a JSON-able result.
 */
const ORDERS: Record<string, { status: string; eta: string }> = {
  "1001": { status: "shipped", eta: "tomorrow" },
  "1002": { status: "processing", eta: "in three days" },
  "1003": { status: "delivered", eta: "already delivered" },
};

export const lookupOrderStatusTool = defineTool({
  name: "lookup_order_status",
  description: "Look up the status and delivery estimate of an order by its order number.",
  arguments: z.object({
    order_number: z
      .string()
      .regex(/^\d{3,12}$/)
      .describe("The order number, digits only"),
  }),
  timeoutMs: 5_000,
  async run(args, context) {
    // A real lookup would pass context.signal to fetch() so a timed-out call stops the request.
    if (context.signal.aborted) throw new Error("aborted");
    const order = ORDERS[args.order_number];
    return order ? { found: true, ...order } : { found: false };
  },
});
