import type { AddressInfo } from "node:net";
import { createMediaServer, parseWorkerConfig, silentLogger } from "@acs-voice/media-worker";
import { startAcsEmulator } from "../acs/index.js";
import { type NetworkImpairment, startMediaClient } from "../acs/media/index.js";
import { mediaWorkerEnv, unmeteredVoiceLive } from "../env/emulator-env.js";
import { startVoiceLiveEmulator } from "../voicelive/index.js";
import type { BenchSection } from "./section.js";

// What a real network between the worker and ACS does to what the caller hears, by PACING_LEAD_MS. The
// worker paces the model's audio to ACS at real time, `lead` ms ahead; the caller side (the ACS emulator's
// media client) delays every message by a random 0..80 ms, in order as one TCP stream does, and in the
// second profile also loses 1 % of segments (a 200 ms retransmission that holds up what follows). A gap is
// the playout running dry inside the bot's speech. Calls run in real time, several at once per setting.

const LEADS_MS = [20, 40, 60, 100, 150];
const PROFILES: { label: string; network: NetworkImpairment | undefined }[] = [
  { label: "ideal line", network: undefined },
  { label: "0-80 ms jitter", network: { jitterMs: 80 } },
  {
    label: "0-80 ms jitter + 1 % 200 ms bursts",
    network: { jitterMs: 80, burstProbability: 0.01, burstMs: 200 },
  },
];
const SPEECH_MS = 15_000;
const RATE_HZ = 24_000;
/** 60 ms of speech per character: the greeting below is about 15 s of continuous bot audio. */
const MS_PER_CHAR = 60;
const GREETING = "x".repeat(SPEECH_MS / MS_PER_CHAR);

export const jitterSection: BenchSection = {
  title: "Network jitter: gaps the caller hears, by PACING_LEAD_MS",
  async run(context) {
    const callsPerCase = context.quick ? 2 : 4;
    const acs = await startAcsEmulator({ startMediaClient: false });
    const voiceLive = await startVoiceLiveEmulator({
      scenario: { greeting: GREETING, turns: [] },
      // A steady tone: every silence the caller hears is a gap of the line, none of the voice.
      synthesize: (text, hz) => tone((text.length * MS_PER_CHAR * hz) / 1000, hz),
      warmUpRatesHz: [],
    });
    const rows: string[] = [];
    try {
      for (const lead of LEADS_MS) {
        const results = await runLead(acs, voiceLive.url, lead, callsPerCase);
        const cells = results.map((r) => `${r.gapsPerMinute.toFixed(1)} (${r.gapMsPerMinute} ms)`);
        rows.push(`| ${lead} | ${cells.join(" | ")} |`);
      }
    } finally {
      await voiceLive.close();
      await acs.close();
    }
    return [
      `Each cell: gaps per minute of bot speech (total silence per minute in brackets), over ${callsPerCase}`,
      `calls of ${SPEECH_MS / 1000} s of continuous bot speech each, in real time, every profile's calls at`,
      "once on one worker (in this process) per lead.",
      "",
      `| PACING_LEAD_MS | ${PROFILES.map((p) => p.label).join(" | ")} |`,
      `| ---: | ${PROFILES.map(() => "---:").join(" | ")} |`,
      ...rows,
      "",
      "A longer lead absorbs more jitter, at a price: on barge-in ACS drops what it holds (StopAudio), and",
      "what the worker counts as heard (sent minus its own queue) can be up to the lead ahead of what the",
      "caller really heard when the line ran late, so `conversation.item.truncate` may keep that much of",
      "the cut answer in the model's memory.",
    ].join("\n");
  },
};

async function runLead(
  acs: Awaited<ReturnType<typeof startAcsEmulator>>,
  voiceLiveUrl: string,
  leadMs: number,
  calls: number,
): Promise<{ gapsPerMinute: number; gapMsPerMinute: number }[]> {
  const config = parseWorkerConfig({
    ...mediaWorkerEnv({ acs, voiceLive: unmeteredVoiceLive({ url: voiceLiveUrl, apiKey: "local-dev-key" }) }),
    PORT: "0",
    PACING_LEAD_MS: String(leadMs),
    GREETING: "Greet the caller.",
    CALLER_SILENCE_SECONDS: "0",
    // The bench dials the worker itself: no functions app, no call tickets.
    CALL_TICKETS: "off",
    MAX_CONCURRENT_CALLS: String(calls * PROFILES.length),
  });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const worker = createMediaServer({ config: config.config, logger: silentLogger(), callRecords: null });
  await new Promise<void>((resolve) => worker.server.listen(0, "127.0.0.1", resolve));
  const port = (worker.server.address() as AddressInfo).port;
  try {
    const token = await acs.mintToken("valid");
    const call = (profile: number, i: number) => {
      const network = PROFILES[profile]?.network;
      const id = `jitter-${leadMs}-${profile}-${i}`;
      return startMediaClient({
        transportUrl: `ws://127.0.0.1:${port}/media`,
        authorization: `Bearer ${token}`,
        callConnectionId: id,
        correlationId: id,
        format: "pcm24KMono",
        caller: new Int16Array((RATE_HZ * (SPEECH_MS + 3_000)) / 1000),
        trailingSilenceMs: 0,
        ...(network ? { network: { ...network, seed: 1 + i + 100 * profile } } : {}),
      }).done;
    };
    const byProfile = await Promise.all(
      PROFILES.map((_, profile) => Promise.all(Array.from({ length: calls }, (_, i) => call(profile, i)))),
    );
    return byProfile.map((reports) => {
      const botMinutes = reports.reduce((sum, r) => sum + r.heardFrames.length * 20, 0) / 60_000;
      if (botMinutes === 0) throw new Error("jitter bench: the bot was never heard");
      const gaps = reports.reduce((sum, r) => sum + r.playoutGaps, 0);
      const gapMs = reports.reduce((sum, r) => sum + r.playoutGapMs, 0);
      return { gapsPerMinute: gaps / botMinutes, gapMsPerMinute: Math.round(gapMs / botMinutes) };
    });
  } finally {
    await worker.close();
  }
}

function tone(length: number, rateHz: number): Int16Array {
  return Int16Array.from(
    { length: Math.round(length) },
    (_, n) => 6000 * Math.sin((2 * Math.PI * 330 * n) / rateHz),
  );
}
