// CALL_RECORDS_TRANSCRIPTS: whether the turn rows keep what was said.
import { describe, expect, it } from "vitest";
import { parseWorkerConfig } from "../src/config.js";

const env = {
  VOICE_LIVE_ENDPOINT: "https://contoso.services.ai.azure.com",
  ACS_AUDIENCE: "00000000-1111-2222-3333-444444444444",
  ACS_ENDPOINT: "https://contoso.communication.azure.com",
  CALL_RECORDS_CONNECTION_STRING: "UseDevelopmentStorage=true",
};

describe("call records settings", () => {
  it("keeps transcripts unless CALL_RECORDS_TRANSCRIPTS turns them off", () => {
    const on = parseWorkerConfig(env);
    expect(on.ok && on.config.callRecords?.transcripts).toBe(true);
    const off = parseWorkerConfig({ ...env, CALL_RECORDS_TRANSCRIPTS: "false" });
    expect(off.ok && off.config.callRecords?.transcripts).toBe(false);
  });

  it("names a value that is not a switch", () => {
    const result = parseWorkerConfig({ ...env, CALL_RECORDS_TRANSCRIPTS: "redacted" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(["CALL_RECORDS_TRANSCRIPTS must be true or false"]);
  });
});
