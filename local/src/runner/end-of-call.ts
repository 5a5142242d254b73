// How the offline call ends. The product's way is the worker's `end_call` tool: after the goodbye has
// played it hangs up through Call Automation, and the ACS emulator reports CallDisconnected
// ("bot-hang-up"). Until the worker has that tool, the runner plays a polite caller instead: once the
// caller has said everything and the bot's last answer has finished, the caller hangs up after a grace
// period. The worker's hang-up always wins when it comes first; the grace is what gives it the chance.

import type { CallerPlan } from "./ipc-messages.js";
import type { LiveCallState } from "./live-call-state.js";

/** After the bot's last answer, how long the worker has to hang up (end_call) before the caller does. */
export const CALLER_HANG_UP_GRACE_MS = 2_000;
/** If the bot never answers the caller's last words, the caller gives up this long after saying them. */
export const CALLER_GIVE_UP_AFTER_MS = 8_000;

export type EndDecision =
  | { action: "wait" }
  /** The worker (end_call) hung up: nothing to do. */
  | { action: "ended-by-worker" }
  | { action: "ended"; reason: string }
  | { action: "caller-hangs-up"; why: string };

export function decideCallEnd(state: LiveCallState, plan: CallerPlan, nowEpochMs: number): EndDecision {
  if (state.endReason !== undefined) {
    return state.endReason === "bot-hang-up" || state.endReason === "bot-terminate"
      ? { action: "ended-by-worker" }
      : { action: "ended", reason: state.endReason };
  }
  const media = state.mediaEpochMs;
  if (media === undefined) return { action: "wait" };
  const lastWordsMs = plan.utterances.at(-1)?.endMs ?? 0;
  const callTimeMs = nowEpochMs - media;
  if (callTimeMs < lastWordsMs || state.callerSpeaking) return { action: "wait" };

  const callerDoneEpochMs = state.callerLastStopEpochMs ?? media + lastWordsMs;
  const botAnswered = state.botLastStopEpochMs !== undefined && state.botLastStopEpochMs > callerDoneEpochMs;
  if (
    botAnswered &&
    !state.botSpeaking &&
    nowEpochMs - (state.botLastStopEpochMs ?? 0) >= CALLER_HANG_UP_GRACE_MS
  ) {
    return {
      action: "caller-hangs-up",
      why: "the bot's last answer was over and the worker had not hung up",
    };
  }
  if (!state.botSpeaking && nowEpochMs - callerDoneEpochMs >= CALLER_GIVE_UP_AFTER_MS) {
    return { action: "caller-hangs-up", why: "the bot did not answer the caller's last words" };
  }
  return { action: "wait" };
}
