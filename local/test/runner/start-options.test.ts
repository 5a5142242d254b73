import { describe, expect, it } from "vitest";
import {
  DEFAULT_OUT_DIR,
  DEFAULT_TIMEOUT_MS,
  parseStartOptions,
  UsageError,
} from "../../src/runner/start-options.js";

describe("npm start options", () => {
  it("defaults to the shipped scenario, synthesised caller, 24 kHz, out/calls, 90 s", () => {
    expect(parseStartOptions([])).toEqual({
      callerWav: undefined,
      scenarioFile: undefined,
      format: "pcm24KMono",
      verbose: false,
      throttle: false,
      outDir: DEFAULT_OUT_DIR,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      help: false,
    });
  });

  it("takes the caller, scenario, format, out dir, timeout and verbosity", () => {
    const options = parseStartOptions([
      "--caller",
      "me.wav",
      "--scenario",
      "mine.json",
      "--format",
      "16k",
      "--out",
      "/tmp/calls",
      "--timeout",
      "30",
      "--verbose",
      "--throttle",
    ]);
    expect(options).toMatchObject({
      callerWav: "me.wav",
      scenarioFile: "mine.json",
      format: "pcm16KMono",
      outDir: "/tmp/calls",
      timeoutMs: 30_000,
      verbose: true,
      throttle: true,
    });
  });

  it.each([
    ["24k", "pcm24KMono"],
    ["pcm16KMono", "pcm16KMono"],
    ["16000", "pcm16KMono"],
  ])("reads --format %s as %s", (value, format) => {
    expect(parseStartOptions(["--format", value]).format).toBe(format);
  });

  it.each([
    [["--format", "8k"], /--format must be 16k or 24k/],
    [["--timeout", "soon"], /--timeout must be a number of seconds/],
    [["--timeout", "0"], /--timeout/],
    [["--bogus"], /bogus/],
    [["--caller"], /caller/],
    [["stray"], /stray/],
  ])("rejects %j with a usage error naming the option", (argv, message) => {
    expect(() => parseStartOptions(argv)).toThrow(UsageError);
    expect(() => parseStartOptions(argv)).toThrow(message);
  });
});
