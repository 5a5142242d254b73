// What the emulated model says, written as JSON (see local/scenarios/README.md and
// scenario.schema.json). The emulator never "understands" the caller: the Nth caller utterance it
// detects is taken to be `turns[N].caller`, and the bot answers with that turn's reply.

import { z } from "zod";

const functionCallSchema = z
  .object({
    name: z.string().min(1).describe("Function (tool) name, e.g. end_call"),
    arguments: z.record(z.string(), z.unknown()).describe("Arguments object; sent JSON-encoded"),
  })
  .strict();

const turnSchema = z
  .object({
    caller: z.string().describe("What the caller says; sent as the input audio transcription"),
    reply: z.string().optional().describe("What the bot says in answer (spoken before any function call)"),
    functionCall: functionCallSchema
      .optional()
      .describe("A function call the bot makes in the same response, after the reply"),
    replyAfterFunction: z
      .string()
      .optional()
      .describe("What the bot says in the response that follows the function_call_output"),
    interruptAfterMs: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "Caller audio layout only: the caller's next utterance starts this long after this reply's audio starts (barge-in)",
      ),
  })
  .strict();

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().optional(),
    greeting: z
      .string()
      .optional()
      .describe("Spoken when the client sends response.create before the caller has said anything"),
    turns: z.array(turnSchema).max(1000),
    fallbackReply: z
      .string()
      .optional()
      .describe("Spoken for any caller utterance beyond the scripted turns"),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioTurn = z.infer<typeof turnSchema>;
export type ScenarioFunctionCall = z.infer<typeof functionCallSchema>;

export const DEFAULT_FALLBACK_REPLY = "Sorry, I didn't catch that. Could you say it again?";
/** Transcription used for caller utterances beyond the script. */
export const UNSCRIPTED_CALLER_TEXT = "(unscripted caller speech)";

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}

/** Validates a scenario (e.g. parsed JSON); throws ScenarioError naming the first bad field. */
export function parseScenario(value: unknown): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(root)";
    throw new ScenarioError(`Invalid scenario at ${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** Every text the bot may speak in this scenario. */
export function scenarioTexts(scenario: Scenario): string[] {
  const texts = [scenario.greeting, scenario.fallbackReply ?? DEFAULT_FALLBACK_REPLY];
  for (const turn of scenario.turns) texts.push(turn.reply, turn.replyAfterFunction);
  return texts.filter((t): t is string => typeof t === "string" && t.trim().length > 0);
}

/** JSON Schema of the scenario format (written to local/scenarios/scenario.schema.json). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema) as Record<string, unknown>;
}
