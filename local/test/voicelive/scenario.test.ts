import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareSpeechSynthesis, synthesizeSpeech } from "../../src/tts/index.js";
import {
  buildCallerAudio,
  defaultScenarioPath,
  loadScenarioFile,
  parseScenario,
  ScenarioError,
  scenarioJsonSchema,
} from "../../src/voicelive/index.js";

beforeAll(async () => {
  await prepareSpeechSynthesis();
});

describe("scenario format", () => {
  it("the default scenario is valid and scripts the demo call", () => {
    const scenario = loadScenarioFile();
    expect(scenario.greeting).toBeTruthy();
    expect(scenario.turns).toHaveLength(4);
    expect(scenario.turns.filter((t) => t.interruptAfterMs !== undefined)).toHaveLength(1);
    expect(scenario.turns.at(-1)?.functionCall?.name).toBe("end_call");
  });

  it("the committed JSON schema is the one the validator uses", () => {
    const committed = JSON.parse(
      readFileSync(defaultScenarioPath().replace("default.json", "scenario.schema.json"), "utf8"),
    );
    expect(committed).toEqual(scenarioJsonSchema());
  });

  it("rejects malformed scenarios naming the field", () => {
    expect(() => parseScenario({ turns: [{ reply: "hi" }] })).toThrow(ScenarioError);
    expect(() => parseScenario({ turns: [{ reply: "hi" }] })).toThrow(/turns\.0\.caller/);
    expect(() => parseScenario({ turns: [], greting: "typo" })).toThrow(ScenarioError);
    expect(() =>
      parseScenario({ turns: [{ caller: "x", functionCall: { name: "", arguments: {} } }] }),
    ).toThrow(/functionCall\.name/);
  });
});

describe("buildCallerAudio", () => {
  it("lays out the default call: greeting heard, each question after the reply, the barge-in mid-answer", () => {
    const scenario = loadScenarioFile();
    const rate = 16000;
    const { samples, utterances } = buildCallerAudio(scenario, rate);
    expect(utterances.map((u) => u.text)).toEqual(scenario.turns.map((t) => t.caller));
    const spokenMs = (text: string | undefined) => (synthesizeSpeech(text ?? "", rate).length * 1000) / rate;
    const replyDelayMs = 900;

    // The first question comes after the greeting has been heard.
    expect(utterances[0]?.startMs).toBeGreaterThan(1500 + spokenMs(scenario.greeting));
    for (let i = 1; i < utterances.length; i++) {
      const previous = utterances[i - 1];
      const turn = scenario.turns[i - 1];
      if (!previous || !turn) throw new Error("layout");
      const replyStart = previous.endMs + replyDelayMs;
      const replyEnd = replyStart + spokenMs(turn.reply);
      const start = utterances[i]?.startMs ?? 0;
      if (turn.interruptAfterMs !== undefined) {
        // Barge-in: the caller talks over the middle of the long answer.
        expect(start).toBeGreaterThan(replyStart + 1000);
        expect(start).toBeLessThan(replyEnd - 3000);
      } else {
        expect(start).toBeGreaterThan(replyEnd);
      }
    }
    // The audio holds the caller's speech where the layout says, silence elsewhere.
    const energy = (fromMs: number, toMs: number) => {
      let sum = 0;
      const from = Math.floor((fromMs * rate) / 1000);
      const to = Math.floor((toMs * rate) / 1000);
      for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
      return Math.sqrt(sum / Math.max(1, to - from));
    };
    for (const u of utterances) expect(energy(u.startMs, u.endMs)).toBeGreaterThan(1000);
    expect(energy(0, (utterances[0]?.startMs ?? 0) - 10)).toBe(0);
    const last = utterances.at(-1);
    expect(samples.length / rate).toBeGreaterThan(
      ((last?.endMs ?? 0) + replyDelayMs + spokenMs(scenario.turns.at(-1)?.reply)) / 1000,
    );
  });
});
