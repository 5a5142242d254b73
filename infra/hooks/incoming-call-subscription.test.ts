// The postdeploy subscription logic against a fake ARM: what body Event Grid receives, that it retries
// while the function is not indexed yet, and that no failure message carries the function key.
import type { EventSubscription } from "@azure/arm-eventgrid";
import { describe, expect, it } from "vitest";
import {
  ensureIncomingCallSubscription,
  SUBSCRIPTION_NAME,
  type SubscriptionDeps,
  SubscriptionSetupError,
} from "./incoming-call-subscription.js";

const KEY = "s3cr3t-function-key==";
const APP_URL = "https://func-abc.azurewebsites.net";

interface FakeArm {
  deps: SubscriptionDeps;
  puts: Array<{ name: string; body: EventSubscription }>;
  sleeps: number[];
  logs: string[];
}

/** A function app whose key appears after `keyFailures` reads, and an Event Grid that fails `putFailures` PUTs. */
function fakeArm(keyFailures: number, putFailures = 0): FakeArm {
  const arm: FakeArm = { puts: [], sleeps: [], logs: [], deps: undefined as unknown as SubscriptionDeps };
  let keyReads = 0;
  let putCalls = 0;
  arm.deps = {
    async getFunctionKey() {
      keyReads++;
      if (keyReads <= keyFailures)
        throw Object.assign(new Error(`GET ...?code=${KEY} 404`), { statusCode: 404, code: "NotFound" });
      return KEY;
    },
    async putSubscription(name, body) {
      putCalls++;
      if (putCalls <= putFailures) {
        throw Object.assign(new Error(`validation of ${APP_URL}/api/incomingCall?code=${KEY} failed`), {
          statusCode: 400,
          code: "Url validation",
        });
      }
      arm.puts.push({ name, body });
    },
    async sleep(ms) {
      arm.sleeps.push(ms);
    },
    log(line) {
      arm.logs.push(line);
    },
  };
  return arm;
}

describe("ensureIncomingCallSubscription", () => {
  it("PUTs a WebHook subscription filtered to IncomingCall, one event per batch, short retry", async () => {
    const arm = fakeArm(0);
    await ensureIncomingCallSubscription(arm.deps, { functionAppUrl: APP_URL });
    expect(arm.puts).toHaveLength(1);
    const put = arm.puts[0];
    expect(put?.name).toBe(SUBSCRIPTION_NAME);
    expect(put?.body).toEqual({
      destination: {
        endpointType: "WebHook",
        endpointUrl: `${APP_URL}/api/incomingCall?code=${encodeURIComponent(KEY)}`,
        maxEventsPerBatch: 1,
        preferredBatchSizeInKilobytes: 64,
      },
      filter: { includedEventTypes: ["Microsoft.Communication.IncomingCall"] },
      eventDeliverySchema: "EventGridSchema",
      retryPolicy: { maxDeliveryAttempts: 2, eventTimeToLiveInMinutes: 1 },
    });
    const endpointUrl = (put?.body.destination as { endpointUrl?: string } | undefined)?.endpointUrl ?? "";
    expect(new URL(endpointUrl).searchParams.get("code")).toBe(KEY);
  });

  it("is idempotent: a second run sends the same PUT again", async () => {
    const arm = fakeArm(0);
    await ensureIncomingCallSubscription(arm.deps, { functionAppUrl: APP_URL });
    await ensureIncomingCallSubscription(arm.deps, { functionAppUrl: APP_URL });
    expect(arm.puts).toHaveLength(2);
    expect(arm.puts[1]).toEqual(arm.puts[0]);
  });

  it("retries while the function is not indexed and while Event Grid's validation fails", async () => {
    const arm = fakeArm(2, 1);
    await ensureIncomingCallSubscription(arm.deps, { functionAppUrl: APP_URL, retryDelayMs: 5_000 });
    expect(arm.puts).toHaveLength(1);
    expect(arm.sleeps).toEqual([5_000, 5_000, 5_000]);
    expect(arm.logs.join("\n")).not.toContain(KEY);
  });

  it("gives up after maxAttempts with a key-free message that says what to run next", async () => {
    const arm = fakeArm(0, 99);
    const failure = await ensureIncomingCallSubscription(arm.deps, {
      functionAppUrl: APP_URL,
      maxAttempts: 3,
      retryDelayMs: 1,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubscriptionSetupError);
    const message = (failure as Error).message;
    expect(message).toContain("after 3 attempts");
    expect(message).toContain("azd hooks run postdeploy");
    expect(message).not.toContain(KEY);
    expect(arm.logs.join("\n")).not.toContain(KEY);
    expect(arm.sleeps).toHaveLength(2);
  });
});

describe("the subscription answers only the bot's numbers", () => {
  it("filters on data.to.PhoneNumber.Value when the numbers are known", async () => {
    const arm = fakeArm(0);
    await ensureIncomingCallSubscription(arm.deps, {
      functionAppUrl: APP_URL,
      botNumbers: ["+18005550100", "+18005550101"],
    });
    expect(arm.puts[0]?.body.filter?.advancedFilters).toEqual([
      {
        operatorType: "StringIn",
        key: "data.to.PhoneNumber.Value",
        values: ["+18005550100", "+18005550101"],
      },
    ]);
    expect(arm.logs.join("\n")).toContain("for 2 number(s)");
  });

  it("no numbers known, or more than a filter takes: no filter (the function checks BOT_PHONE_NUMBERS)", async () => {
    for (const botNumbers of [
      [],
      Array.from({ length: 26 }, (_, i) => `+1800555${String(i).padStart(4, "0")}`),
    ]) {
      const arm = fakeArm(0);
      await ensureIncomingCallSubscription(arm.deps, { functionAppUrl: APP_URL, botNumbers });
      expect(arm.puts[0]?.body.filter?.advancedFilters).toBeUndefined();
      expect(arm.puts[0]?.body.filter?.includedEventTypes).toEqual(["Microsoft.Communication.IncomingCall"]);
    }
  });
});
