// The real `AppConfigurationClient` against the emulator: listing by prefix and label (paged), one
// setting with its ETag and the 304 path that refresh/sentinel logic relies on, writes with
// preconditions and locks, Sync-Tokens echoed back, and HMAC failures answered with 401.
import { AppConfigurationClient, type ConfigurationSetting } from "@azure/app-configuration";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AppConfigEmulator, startAppConfigEmulator } from "../../src/appconfig/index.js";

let emulator: AppConfigEmulator;
let client: AppConfigurationClient;

beforeEach(async () => {
  emulator = await startAppConfigEmulator({
    pageSize: 2,
    settings: [
      { key: "voicebot:systemPrompt", value: "You are helpful." },
      { key: "voicebot:systemPrompt", value: "You are a bank's helpful agent.", label: "prod" },
      { key: "voicebot:voice", value: "en-US-AvaNeural", label: "prod" },
      { key: "voicebot:vad:silenceMs", value: "500", label: "prod", tags: { team: "voice" } },
      { key: "voicebot:sentinel", value: "1" },
      { key: "other:setting", value: "x", label: "prod" },
    ],
  });
  client = new AppConfigurationClient(emulator.connectionString, { allowInsecureConnection: true });
});

afterEach(async () => {
  await emulator.close();
});

async function collect(iterable: AsyncIterable<ConfigurationSetting>): Promise<ConfigurationSetting[]> {
  const items: ConfigurationSetting[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("App Configuration emulator with the real SDK", () => {
  it("has a connection string in the service's format", () => {
    expect(emulator.connectionString).toBe(
      `Endpoint=${emulator.url};Id=${emulator.credentialId};Secret=${emulator.secret}`,
    );
  });

  it("lists by key prefix and label across pages, in key order", async () => {
    const prod = await collect(
      client.listConfigurationSettings({ keyFilter: "voicebot:*", labelFilter: "prod" }),
    );
    expect(prod.map((s) => [s.key, s.label, s.value])).toEqual([
      ["voicebot:systemPrompt", "prod", "You are a bank's helpful agent."],
      ["voicebot:vad:silenceMs", "prod", "500"],
      ["voicebot:voice", "prod", "en-US-AvaNeural"],
    ]);
    expect(prod[1]?.tags).toEqual({ team: "voice" });
    expect(prod.every((s) => typeof s.etag === "string" && s.lastModified instanceof Date)).toBe(true);
    // Three results at two per page: the second page was fetched with the `after` token.
    const lists = emulator.requests.filter((r) => r.path === "/kv");
    expect(lists).toHaveLength(2);
    expect(lists[1]?.query.after).toHaveLength(1);
  });

  it("selects settings without a label with the \\0 filter, and reads only selected fields", async () => {
    const unlabelled = await collect(
      client.listConfigurationSettings({
        keyFilter: "voicebot:*",
        labelFilter: "\0",
        fields: ["key", "value"],
      }),
    );
    expect(unlabelled.map((s) => [s.key, s.value])).toEqual([
      ["voicebot:sentinel", "1"],
      ["voicebot:systemPrompt", "You are helpful."],
    ]);
    expect(unlabelled[0]?.etag).toBeUndefined();
    expect(unlabelled[0]?.label).toBeUndefined();
  });

  it("resumes a listing from a continuation token", async () => {
    const pages = client.listConfigurationSettings({ keyFilter: "voicebot:*" }).byPage();
    const first = await pages.next();
    const token = first.done ? undefined : first.value.continuationToken;
    expect(token).toBeTypeOf("string");
    const rest = [];
    for await (const page of client
      .listConfigurationSettings({ keyFilter: "voicebot:*" })
      .byPage({ continuationToken: token })) {
      rest.push(...page.items.map((s) => `${s.key}@${s.label ?? ""}`));
    }
    // Page one held the two unlabelled settings (no label sorts first within a key).
    expect(rest).toEqual([
      "voicebot:systemPrompt@prod",
      "voicebot:vad:silenceMs@prod",
      "voicebot:voice@prod",
    ]);
  });

  it("gets one setting with its ETag and answers onlyIfChanged with 304 until it changes", async () => {
    const sentinel = await client.getConfigurationSetting({ key: "voicebot:sentinel" });
    expect(sentinel.value).toBe("1");
    expect(sentinel.statusCode).toBe(200);

    const unchanged = await client.getConfigurationSetting(sentinel, { onlyIfChanged: true });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.value).toBeUndefined();
    expect(emulator.requests.at(-1)?.headers.ifNoneMatch).toBe(`"${sentinel.etag}"`);

    emulator.set("voicebot:sentinel", "2");
    const changed = await client.getConfigurationSetting(sentinel, { onlyIfChanged: true });
    expect(changed.statusCode).toBe(200);
    expect(changed.value).toBe("2");
    expect(changed.etag).not.toBe(sentinel.etag);

    await expect(client.getConfigurationSetting({ key: "voicebot:missing" })).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it("answers an unchanged page ETag with 304 and a changed one with the new page", async () => {
    const [firstPage] = await pagesOf(
      client.listConfigurationSettings({ keyFilter: "voicebot:s*" }).byPage(),
    );
    const etag = firstPage?.etag;
    expect(etag).toBeTypeOf("string");

    const again = await pagesOf(
      client.listConfigurationSettings({ keyFilter: "voicebot:s*", pageEtags: [etag ?? ""] }).byPage(),
    );
    expect(String(again[0]?._response.status)).toBe("304");

    emulator.set("voicebot:sentinel", "3");
    const after = await pagesOf(
      client.listConfigurationSettings({ keyFilter: "voicebot:s*", pageEtags: [etag ?? ""] }).byPage(),
    );
    expect(String(after[0]?._response.status)).toBe("200");
    expect(after[0]?.items.find((s) => s.key === "voicebot:sentinel")?.value).toBe("3");
  });

  it("checks pages with HEAD requests (no bodies) against their ETags", async () => {
    const [first] = await pagesOf(client.checkConfigurationSettings({ keyFilter: "voicebot:s*" }).byPage());
    const etag = first?.etag;
    expect(etag).toBeTypeOf("string");
    const [same] = await pagesOf(
      client.checkConfigurationSettings({ keyFilter: "voicebot:s*", pageEtags: [etag ?? ""] }).byPage(),
    );
    expect(String(same?._response.status)).toBe("304");
    emulator.delete("voicebot:sentinel");
    const [changed] = await pagesOf(
      client.checkConfigurationSettings({ keyFilter: "voicebot:s*", pageEtags: [etag ?? ""] }).byPage(),
    );
    expect(String(changed?._response.status)).toBe("200");
    expect(changed?.etag).not.toBe(etag);
    expect(emulator.requests.every((r) => r.method === "HEAD")).toBe(true);
  });

  it("sets, adds, locks and deletes settings with ETag preconditions", async () => {
    const written = await client.setConfigurationSetting({
      key: "voicebot:greeting",
      value: "Hello!",
      label: "prod",
    });
    expect(emulator.get("voicebot:greeting", "prod")?.value).toBe("Hello!");
    expect(written.etag).toBe(emulator.get("voicebot:greeting", "prod")?.etag);

    await expect(
      client.addConfigurationSetting({ key: "voicebot:greeting", value: "x", label: "prod" }),
    ).rejects.toMatchObject({
      statusCode: 412,
    });
    emulator.set("voicebot:greeting", "Hi there", "prod");
    await expect(
      client.setConfigurationSetting({ ...written, value: "stale write" }, { onlyIfUnchanged: true }),
    ).rejects.toMatchObject({ statusCode: 412 });
    expect(emulator.get("voicebot:greeting", "prod")?.value).toBe("Hi there");

    await client.setReadOnly({ key: "voicebot:greeting", label: "prod" }, true);
    await expect(
      client.setConfigurationSetting({ key: "voicebot:greeting", value: "no", label: "prod" }),
    ).rejects.toMatchObject({
      statusCode: 409,
    });
    await client.setReadOnly({ key: "voicebot:greeting", label: "prod" }, false);

    const deleted = await client.deleteConfigurationSetting({ key: "voicebot:greeting", label: "prod" });
    expect(deleted.statusCode).toBe(200);
    expect(emulator.get("voicebot:greeting", "prod")).toBeUndefined();
    const missing = await client.deleteConfigurationSetting({ key: "voicebot:greeting", label: "prod" });
    expect(missing.statusCode).toBe(204);
  });

  it("sends the Sync-Token it received back on the next request", async () => {
    await client.getConfigurationSetting({ key: "voicebot:sentinel" });
    await client.getConfigurationSetting({ key: "voicebot:sentinel" });
    expect(emulator.requests[0]?.headers.syncToken).toBeUndefined();
    expect(emulator.requests[1]?.headers.syncToken).toMatch(/^[^=]+=[A-Za-z0-9+/=]+$/);
  });

  it("answers 401 to a wrong secret or credential id", async () => {
    const wrongSecret = new AppConfigurationClient(
      `Endpoint=${emulator.url};Id=${emulator.credentialId};Secret=${Buffer.from("not the secret").toString("base64")}`,
      { allowInsecureConnection: true },
    );
    const wrongId = new AppConfigurationClient(
      `Endpoint=${emulator.url};Id=someone-else;Secret=${emulator.secret}`,
      {
        allowInsecureConnection: true,
      },
    );
    await expect(wrongSecret.getConfigurationSetting({ key: "voicebot:sentinel" })).rejects.toMatchObject({
      statusCode: 401,
    });
    await expect(wrongId.setConfigurationSetting({ key: "voicebot:x", value: "1" })).rejects.toMatchObject({
      statusCode: 401,
    });
    expect(emulator.get("voicebot:x")).toBeUndefined();
    expect(emulator.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it("refuses a correctly signed request whose body was swapped, and one with a stale date", async () => {
    const body = JSON.stringify({ value: "tampered" });
    const response = await fetch(`${emulator.url}/kv/voicebot:x?api-version=2023-11-01`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-ms-date": new Date().toUTCString(),
        "x-ms-content-sha256": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        authorization: `HMAC-SHA256 Credential=${emulator.credentialId}&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=abc=`,
      },
      body,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("content-hash-mismatch");

    const stale = await startAppConfigEmulator({ now: () => Date.now() + 60 * 60 * 1000 });
    try {
      const staleClient = new AppConfigurationClient(stale.connectionString, {
        allowInsecureConnection: true,
      });
      await expect(staleClient.getConfigurationSetting({ key: "k" })).rejects.toMatchObject({
        statusCode: 401,
      });
    } finally {
      await stale.close();
    }
  });
});

async function pagesOf<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const page of pages) result.push(page);
  return result;
}
