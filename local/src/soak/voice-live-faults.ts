import type { FaultPlan } from "../voicelive/index.js";
import { pick } from "./random.js";

/**
 * The Voice Live faults the soak rotates through. A plan applies to every open session at once (the
 * emulator's fault plan is global), so the rotation hits calls at random points of their lives.
 */
export function randomVoiceLiveFaults(random: () => number): { name: string; plan: FaultPlan } {
  return pick(random, [
    { name: "none", plan: {} },
    { name: "none", plan: {} },
    { name: "drop (1006)", plan: { closeAfterMs: 300 + Math.floor(random() * 2_000), closeCode: 1006 } },
    {
      name: "server error close (1011)",
      plan: { closeAfterMs: 300 + Math.floor(random() * 2_000), closeCode: 1011 },
    },
    { name: "drop mid-response", plan: { closeMidResponse: { afterAudioDeltas: 2 } } },
    { name: "error event", plan: { errorEvent: { afterMs: 200 + Math.floor(random() * 1_000) } } },
    { name: "slow audio (half real time)", plan: { deltaSpeed: 0.5 } },
    { name: "slow first audio (1.5 s)", plan: { firstAudioDelayMs: 1_500 } },
  ]);
}
