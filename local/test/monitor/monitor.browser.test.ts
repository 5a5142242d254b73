// The live monitor in a real browser during a real (emulated) call: ACS, Voice Live, Web PubSub and
// Azurite emulators, the functions dev host and the media worker with its control plane. The page
// shows the transcript as the call goes, and its "Hang up" button ends the call at ACS.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "../../src/voicelive/index.js";
import { type ControlPlaneSystem, MONITOR_TOKEN, startControlPlaneSystem } from "./system.js";

const CHROMIUM = "/usr/bin/chromium";
// The README's picture is refreshed only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the
// checkout clean; otherwise the screenshot goes to the temp folder.
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? fileURLToPath(new URL("../../../docs/monitor.png", import.meta.url))
    : join(tmpdir(), "monitor.png");
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

// In CI the browser is installed by .ci/run: a missing one is a failure there, not a skip.
const chromiumMissing = !existsSync(CHROMIUM) && !process.env.CI;

let system: ControlPlaneSystem;
let browser: Browser;

describe.skipIf(chromiumMissing)("live monitor page in headless Chromium", () => {
  beforeAll(async () => {
    system = await startControlPlaneSystem(SCENARIO);
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
    await system?.close();
  });

  it("refuses the page and its negotiate endpoint without the monitor token", async () => {
    expect((await fetch(`${system.functions.url}/api/monitor`)).status).toBe(401);
    expect((await fetch(`${system.functions.url}/api/monitor/negotiate`)).status).toBe(401);
    const action = await fetch(`${system.functions.url}/api/calls/some-call/actions`, {
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
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`${system.functions.url}/api/monitor?token=${MONITOR_TOKEN}`);
    await page.locator("#status", { hasText: "live" }).waitFor({ timeout: 10_000 });
    // The link's token leaves the address bar on load and travels only as a header from then on.
    expect(page.url()).toBe(`${system.functions.url}/api/monitor`);

    await system.acs.ringIncomingCall({ webhookUrl: system.functions.incomingCallUrl });
    const call = await system.acs.waitForCall(undefined, 10_000);
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
    const whispered = system.voiceLive.received.filter(
      (r) => r.type === "conversation.item.create" && JSON.stringify(r.message).includes(instruction),
    );
    expect(whispered.map((r) => (r.message as { item: { role: string } }).item.role)).toEqual(["system"]);
    await page.screenshot({ path: SCREENSHOT });

    await card.locator('button[data-action="hangUp"]').click();
    await card.getByTestId("result").filter({ hasText: "hangUp: done" }).waitFor({ timeout: 10_000 });
    await card.locator('[data-testid="state"][data-state="ended"]').waitFor({ timeout: 30_000 });
    await expect(card.locator('button[data-action="hangUp"]').isDisabled()).resolves.toBe(true);
    // ACS itself saw the call end: the worker hung up through Call Automation.
    await expect(call.ended).resolves.toBeDefined();
    expect(call.state).toBe("disconnected");
    expect(pageErrors).toEqual([]);
    expect(requested.filter((url) => url.includes(MONITOR_TOKEN))).toEqual([
      `${system.functions.url}/api/monitor?token=${MONITOR_TOKEN}`,
    ]);
    await page.close();
  }, 90_000);
});

if (chromiumMissing) {
  describe("live monitor page in headless Chromium", () => {
    it.skip(`needs ${CHROMIUM} (Debian package "chromium")`, () => {});
  });
}
