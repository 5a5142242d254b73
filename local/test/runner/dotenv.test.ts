import { describe, expect, it } from "vitest";
import { parseDotenv } from "../../src/runner/dotenv.js";

describe(".env parsing", () => {
  it("reads plain, exported, quoted and commented values", () => {
    const { values, problems } = parseDotenv(
      [
        "# a comment",
        "",
        "ACS_AUDIENCE=abc-123",
        "export VOICE_LIVE_ENDPOINT=https://x.services.ai.azure.com  # trailing comment",
        'GREETING="Hello, \\"friend\\"\\nbye"',
        "SYSTEM_PROMPT='literal # not a comment \\n'",
        "ACS_CONNECTION_STRING=endpoint=https://a.communication.azure.com/;accesskey=QUJD==",
        "EMPTY=",
        "URL_WITH_HASH=https://host/path#fragment",
      ].join("\r\n"),
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({
      ACS_AUDIENCE: "abc-123",
      VOICE_LIVE_ENDPOINT: "https://x.services.ai.azure.com",
      GREETING: 'Hello, "friend"\nbye',
      SYSTEM_PROMPT: "literal # not a comment \\n",
      ACS_CONNECTION_STRING: "endpoint=https://a.communication.azure.com/;accesskey=QUJD==",
      EMPTY: "",
      URL_WITH_HASH: "https://host/path#fragment",
    });
  });

  it("reports bad lines by number without quoting them", () => {
    const { values, problems } = parseDotenv(
      'GOOD=1\nsecret-key-without-equals\n=nokey\nOPEN="unterminated\n',
    );
    expect(values).toEqual({ GOOD: "1" });
    expect(problems).toEqual([
      "line 2: expected KEY=value",
      "line 3: expected KEY=value",
      "line 4: OPEN has an unterminated quote",
    ]);
    expect(problems.join(" ")).not.toContain("secret");
  });

  it("ignores a byte-order mark", () => {
    expect(parseDotenv("\uFEFFA=1").values).toEqual({ A: "1" });
  });
});
