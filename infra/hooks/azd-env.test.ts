import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAzdEnv, MissingSettingError, parseDotenv, requireSettings } from "./azd-env.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("azd environment", () => {
  it("parses azd's .env format", () => {
    expect(parseDotenv('ACS_ENDPOINT="https://acs.example/"\n# comment\nEMPTY=""\nPLAIN=value\n')).toEqual({
      ACS_ENDPOINT: "https://acs.example/",
      EMPTY: "",
      PLAIN: "value",
    });
  });

  it("falls back to the default environment's .env, with the process environment winning", () => {
    const root = mkdtempSync(join(tmpdir(), "azd-env-"));
    dirs.push(root);
    mkdirSync(join(root, ".azure", "dev"), { recursive: true });
    writeFileSync(join(root, ".azure", "config.json"), '{"version":1,"defaultEnvironment":"dev"}');
    writeFileSync(
      join(root, ".azure", "dev", ".env"),
      'ACS_ENDPOINT="https://from-file/"\nAZURE_LOCATION="swedencentral"\n',
    );
    const env = loadAzdEnv(root, { ACS_ENDPOINT: "https://from-process/" });
    expect(env.ACS_ENDPOINT).toBe("https://from-process/");
    expect(env.AZURE_LOCATION).toBe("swedencentral");
  });

  it("names every missing setting at once", () => {
    expect(() => requireSettings({ A: "1", B: " " }, ["A", "B", "C"])).toThrow(MissingSettingError);
    expect(() => requireSettings({ A: "1" }, ["A", "B", "C"])).toThrow(/missing B, C/);
    expect(requireSettings({ A: " 1 " }, ["A"])).toEqual({ A: "1" });
  });
});
