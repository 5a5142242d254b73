// The live monitor in a real browser during a real (emulated) call: ACS, Voice Live, Web PubSub and
// Azurite emulators, the functions dev host and the media worker with its control plane. The page
// shows the transcript as the call goes, and its "Hang up" button ends the call at ACS.
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import {
  createMediaServer,
  type MediaServer,
  parseWorkerConfig,
  silentLogger,
  startWorkerServices,
  systemClock,
  type WorkerServices,
} from "@acs-voice/media-worker";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { type FunctionsHost, startFunctionsHost } from "../../src/functions-host/index.js";
import {
  buildCallerAudio,
  type Scenario,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
} from "../../src/voicelive/index.js";
import { startWebPubSubEmulator, type WebPubSubEmulator } from "../../src/webpubsub/index.js";

const CHROMIUM = "/usr/bin/chromium";
const MONITOR_TOKEN = "local-monitor-token-0123456789";
const SCREENSHOT = fileURLToPath(new URL("../../../docs/monitor.png", import.meta.url));
const GREETING = "Hello, thanks for calling Contoso Energy. How can I help you today?";
const SCENARIO: Scenario = {
  greeting: GREETING,
  turns: [
    {
      caller: "Hi, what are your opening hours?",
      reply: "We are open Monday to Friday from eight in the morning until six in the evening.",
    },
    {
      caller: "And on Saturdays?",
      reply: "On Saturdays we are open until noon. Is there anything else I can help you with?",
    },
  ],
  fallbackReply: "Sorry, I didn't catch that.",
} as Scenario;

const chromiumMissing = !existsSync(CHROMIUM);

let azurite: Azurite;
let wps: WebPubSubEmulator;
let voiceLive: VoiceLiveEmulator;
let acs: AcsEmulator;
let worker: MediaServer;
let services: WorkerServices;
let functions: FunctionsHost;
let browser: Browser;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(chromiumMissing)("live monitor page in headless Chromium", () => {
  beforeAll(async () => {
    const caller = buildCallerAudio(SCENARIO, 24_000, {
      greetingDelayMs: 600,
      replyDelayMs: 800,
      gapAfterReplyMs: 700,
    });
    [azurite, wps, voiceLive] = await Promise.all([
      startAzurite(),
      startWebPubSubEmulator(),
      startVoiceLiveEmulator({ scenario: SCENARIO }),
    ]);
    // No trailingSilenceMs: the caller stays on the line until someone hangs up.
    acs = await startAcsEmulator({ mediaClient: { caller: caller.samples } });
    const acsEnv = {
      ACS_CONNECTION_STRING: acs.connectionString,
      ACS_AUDIENCE: acs.resourceId,
      ACS_ISSUER: acs.issuer,
      ACS_JWKS_URL: acs.jwksUrl,
      ACS_AUDIO_FORMAT: "pcm24KMono",
      WEB_PUBSUB_CONNECTION_STRING: wps.connectionString,
      WEB_PUBSUB_HUB: "calls",
    };

    const workerEnv = {
      ...acsEnv,
      PORT: "0",
      VOICE_LIVE_ENDPOINT: voiceLive.url,
      VOICE_LIVE_API_KEY: voiceLive.apiKey,
      WORKER_ID: "worker-1",
      LOG_LEVEL: "silent",
    };
    const parsed = parseWorkerConfig(workerEnv);
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const started = await startWorkerServices(parsed.config, workerEnv, silentLogger(), systemClock);
    if (!started.ok) throw new Error(started.problems.join("; "));
    services = started.services;
    worker = createMediaServer({ config: parsed.config, ...services.deps });
    await new Promise<void>((resolve) => worker.server.listen(0, "127.0.0.1", resolve));
    const workerAddress = worker.server.address();
    const workerPort = typeof workerAddress === "object" && workerAddress ? workerAddress.port : 0;

    const functionsPort = await freePort();
    functions = await startFunctionsHost({
      port: functionsPort,
      logger: { info() {}, warn() {}, error() {} },
      env: {
        ...acsEnv,
        MEDIA_WORKER_URL: `ws://127.0.0.1:${workerPort}/media`,
        CALLBACK_BASE_URL: `http://127.0.0.1:${functionsPort}`,
        AzureWebJobsStorage: azurite.connectionString,
        MONITOR_TOKEN,
      },
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await functions?.close();
    await worker?.close();
    await services?.close();
    await acs?.close();
    await voiceLive?.close();
    await wps?.close();
    await azurite?.close();
  });

  it("refuses the page and its negotiate endpoint without the monitor token", async () => {
    expect((await fetch(`${functions.url}/api/monitor`)).status).toBe(401);
    expect((await fetch(`${functions.url}/api/monitor/negotiate`)).status).toBe(401);
    const action = await fetch(`${functions.url}/api/calls/some-call/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "hangUp" }),
    });
    expect(action.status).toBe(401);
  });

  it("shows the call's transcript live and ends the call with Hang up", async () => {
    const page: Page = await browser.newPage({ viewport: { width: 760, height: 400 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${functions.url}/api/monitor?token=${MONITOR_TOKEN}`);
    await page.locator("#status", { hasText: "live" }).waitFor({ timeout: 10_000 });

    await acs.ringIncomingCall({ webhookUrl: `${functions.url}/api/incomingCall` });
    const call = await acs.waitForCall(undefined, 10_000);
    const card = page.locator(`section[data-call-id="${call.callConnectionId}"]`);
    await card.waitFor({ timeout: 10_000 });

    const transcript = card.getByTestId("transcript");
    await transcript
      .locator('li[data-role="bot"]', { hasText: "Contoso Energy" })
      .waitFor({ timeout: 20_000 });
    await transcript
      .locator('li[data-role="caller"]', { hasText: "opening hours" })
      .waitFor({ timeout: 20_000 });
    await transcript
      .locator('li[data-role="bot"]', { hasText: "Monday to Friday" })
      .waitFor({ timeout: 20_000 });
    await expect(card.getByTestId("state").textContent()).resolves.toBe("active");
    await expect(card.getByTestId("latency").textContent()).resolves.toMatch(/turn latency: \d+ ms/);

    // Whisper: the supervisor's instruction reaches the model's context as a system message.
    const instruction = "Offer the caller a callback tomorrow morning.";
    await card.getByPlaceholder("Whisper an instruction to the bot").fill(instruction);
    await card.locator('button[data-action="whisper"]').click();
    await card.getByTestId("result").filter({ hasText: "whisper: done" }).waitFor({ timeout: 10_000 });
    const whispered = voiceLive.received.filter(
      (r) => r.type === "conversation.item.create" && JSON.stringify(r.message).includes(instruction),
    );
    expect(whispered.map((r) => (r.message as { item: { role: string } }).item.role)).toEqual(["system"]);
    await page.screenshot({ path: SCREENSHOT });

    await card.locator('button[data-action="hangUp"]').click();
    await card.getByTestId("result").filter({ hasText: "hangUp: done" }).waitFor({ timeout: 10_000 });
    await card.locator('[data-testid="state"][data-state="ended"]').waitFor({ timeout: 30_000 });
    // ACS itself saw the call end: the worker hung up through Call Automation.
    await expect(call.ended).resolves.toBeDefined();
    expect(call.state).toBe("disconnected");
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});

if (chromiumMissing) {
  describe("live monitor page in headless Chromium", () => {
    it.skip(`needs ${CHROMIUM} (Debian package "chromium")`, () => {});
  });
}
