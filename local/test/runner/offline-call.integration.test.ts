// `npm start` for real: the built CLI, as a process, places the short call through every process of the
// offline system, and what it leaves behind is checked from the outside.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readWav } from "@acs-voice/shared";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSpeechSegments } from "../../src/runner/speech-segments.js";

const startCli = fileURLToPath(new URL("../../dist/cli/start.js", import.meta.url));
const scenarioFile = fileURLToPath(new URL("./fixtures/short-call.json", import.meta.url));
const scenario = JSON.parse(readFileSync(scenarioFile, "utf8")) as { turns: unknown[] };

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  callDir: string;
}

let outDir: string;
let run: Run;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "offline-call-"));
  run = await new Promise<Run>((resolve) => {
    const child = spawn(
      process.execPath,
      [startCli, "--scenario", scenarioFile, "--out", outDir, "--format", "16k", "--timeout", "45"],
      { env: { ...process.env, CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (exitCode) => {
      const [folder] = readdirSync(outDir);
      resolve({ exitCode, stdout, stderr, callDir: join(outDir, folder ?? "missing") });
    });
  });
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe("npm start (offline call through every process)", () => {
  it("exits 0 with a summary", () => {
    expect(run.stderr).not.toContain("FAILED");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Time to first audio");
    expect(run.stdout).toContain("Barge-in 1: bot audio stopped");
    // The worker's end_call hangs up after the goodbye; without it the runner's caller hangs up.
    expect(run.stdout).toMatch(/call ended \((bot-terminate|bot-hang-up|caller-hang-up)\)/);
    expect(run.stdout).toContain("Worker (its own count)");
  });

  it("leaves no child process running", () => {
    const record = JSON.parse(readFileSync(join(run.callDir, "run.json"), "utf8")) as {
      ok: boolean;
      processes: { name: string; pid: number }[];
    };
    expect(record.ok).toBe(true);
    expect(record.processes.map((p) => p.name).sort()).toEqual([
      "acs-emulator",
      "azurite",
      "functions",
      "media-worker",
      "voicelive-emulator",
      "webpubsub-emulator",
    ]);
    for (const { pid } of record.processes) expect(isAlive(pid)).toBe(false);
  });

  it("writes call.wav with the caller on the left and the bot, cut by the barge-in, on the right", () => {
    const wav = readWav(readFileSync(join(run.callDir, "call.wav")));
    expect(wav.channels).toBe(2);
    expect(wav.sampleRateHz).toBe(16_000);
    const caller = channel(wav.samples, 0);
    const bot = channel(wav.samples, 1);
    const callerSpeech = findSpeechSegments(caller, wav.sampleRateHz);
    const botSpeech = findSpeechSegments(bot, wav.sampleRateHz);
    expect(callerSpeech).toHaveLength(scenario.turns.length);
    expect(botSpeech.length).toBeGreaterThanOrEqual(scenario.turns.length + 1);

    // The caller's second utterance starts while the bot is speaking; the bot is silent from shortly
    // after that until it answers the utterance.
    const bargeIn = callerSpeech[1];
    if (!bargeIn) throw new Error("no second caller utterance");
    const talkedOver = botSpeech.find((s) => s.startMs < bargeIn.startMs && s.endMs > bargeIn.startMs);
    expect(talkedOver).toBeDefined();
    const nextAnswer = botSpeech.find((s) => s.startMs > bargeIn.startMs);
    if (!nextAnswer) throw new Error("the bot never answered after the barge-in");
    expect(nextAnswer.startMs).toBeGreaterThanOrEqual(bargeIn.endMs);
    const quietFrom = bargeIn.startMs + 400;
    expect(rms(bot, wav.sampleRateHz, quietFrom, nextAnswer.startMs - 20)).toBeLessThan(50);
  });

  it("writes a transcript with every turn, the interruption and the tool call", () => {
    const transcript = JSON.parse(readFileSync(join(run.callDir, "transcript.json"), "utf8")) as {
      entries: { speaker: string; text: string; interrupted?: boolean }[];
    };
    const callerLines = transcript.entries.filter((e) => e.speaker === "caller").map((e) => e.text);
    expect(callerLines).toEqual([
      "How do I read my meter?",
      "Can I just text it to you?",
      "Great, thanks, goodbye!",
    ]);
    const botLines = transcript.entries.filter((e) => e.speaker === "bot");
    expect(botLines).toHaveLength(scenario.turns.length + 1);
    expect(botLines.filter((e) => e.interrupted)).toHaveLength(1);
    expect(botLines[0]?.text).toBe("Hello, Contoso Energy. How can I help?");
    expect(transcript.entries.some((e) => e.speaker === "tool" && e.text.startsWith("end_call("))).toBe(true);
    const markdown = readFileSync(join(run.callDir, "transcript.md"), "utf8");
    expect(markdown).toContain("**Caller**: Can I just text it to you?");
    expect(markdown).toContain("interrupted");
  });

  it("writes a valid SVG timeline and every child's log", () => {
    const svg = readFileSync(join(run.callDir, "timeline.svg"), "utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain("barge-in: bot stopped in");
    expect(svg).toContain("tool: end_call");
    for (const name of ["acs-emulator", "azurite", "functions", "media-worker", "voicelive-emulator"]) {
      expect(existsSync(join(run.callDir, "logs", `${name}.log`))).toBe(true);
    }
  });
});

function channel(interleaved: Int16Array, index: 0 | 1): Int16Array {
  const mono = new Int16Array(interleaved.length / 2);
  for (let i = 0; i < mono.length; i++) mono[i] = interleaved[2 * i + index] ?? 0;
  return mono;
}

function rms(samples: Int16Array, rateHz: number, fromMs: number, toMs: number): number {
  const from = Math.floor((fromMs * rateHz) / 1000);
  const to = Math.min(samples.length, Math.floor((toMs * rateHz) / 1000));
  if (to <= from) throw new Error(`empty window ${fromMs}..${toMs} ms`);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / (to - from));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
