import type { CallAutomationEvent as CallEvent, CallEventMessage } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { loadControlPlaneSettings } from "../../src/control-plane/control-plane-settings.js";
import { WebPubSubCallEventSink } from "../../src/control-plane/web-pubsub-call-event-sink.js";
import { ConfigurationError } from "../../src/settings/configuration-error.js";

const event = (id: string): CallEvent => ({
  id: `e-${id}`,
  type: "CallConnected",
  callConnectionId: id,
  correlationId: undefined,
  serverCallId: undefined,
  time: undefined,
  resultCode: undefined,
  resultSubCode: undefined,
  data: { callConnectionId: id },
});

describe("WebPubSubCallEventSink", () => {
  it("publishes each event to its call's group", async () => {
    const sent: Array<[string, CallEventMessage]> = [];
    const sink = new WebPubSubCallEventSink({
      group: (name) => ({
        async sendToAll(message) {
          sent.push([name, message]);
        },
      }),
    });
    await sink.publish(event("a"));
    await sink.publish(event("b"));
    expect(sent.map(([group, m]) => [group, m.kind, m.event.id])).toEqual([
      ["call.a", "callEvent", "e-a"],
      ["call.b", "callEvent", "e-b"],
    ]);
  });

  it("never rejects: failures are counted, and sends beyond the in-flight bound are dropped", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sink = new WebPubSubCallEventSink(
      {
        group: (name) => ({
          async sendToAll() {
            if (name === "call.fail") throw new Error("503");
            await gate;
          },
        }),
      },
      { maxInFlight: 1 },
    );
    await expect(sink.publish(event("fail"))).resolves.toBeUndefined();
    const slow = sink.publish(event("slow"));
    await sink.publish(event("dropped"));
    release();
    await slow;
    expect(sink.stats).toEqual({ sent: 1, failed: 1, dropped: 1, inFlight: 0 });
  });
});

describe("loadControlPlaneSettings", () => {
  it("reads a connection string, the hub and the monitor token; Web PubSub is optional", () => {
    const settings = loadControlPlaneSettings({
      WEB_PUBSUB_CONNECTION_STRING: "Endpoint=http://127.0.0.1:7000;AccessKey=abc;Version=1.0;",
      MONITOR_TOKEN: "0123456789abcdef",
    });
    expect(settings).toMatchObject({
      hub: "calls",
      monitorAccess: { kind: "local-token", token: "0123456789abcdef" },
    });
    expect(settings.webPubSub?.kind).toBe("connection-string");
    expect(loadControlPlaneSettings({ WEBSITE_SITE_NAME: "app" })).toMatchObject({
      webPubSub: undefined,
      monitorAccess: { kind: "app-service-auth", enabled: false },
    });
    expect(
      loadControlPlaneSettings({ WEB_PUBSUB_ENDPOINT: "https://x.webpubsub.azure.com" }).webPubSub?.kind,
    ).toBe("identity");
  });

  it("in Azure, trusts App Service authentication only while the platform says it is on; no token there", () => {
    expect(
      loadControlPlaneSettings({
        WEBSITE_SITE_NAME: "app",
        WEBSITE_AUTH_ENABLED: "True",
        MONITOR_TOKEN: "0123456789abcdef",
      }).monitorAccess,
    ).toEqual({ kind: "app-service-auth", enabled: true });
    expect(
      loadControlPlaneSettings({ WEBSITE_SITE_NAME: "app", WEBSITE_AUTH_ENABLED: "False" }).monitorAccess,
    ).toEqual({ kind: "app-service-auth", enabled: false });
  });

  it("names every bad setting without its value", () => {
    let error: unknown;
    try {
      loadControlPlaneSettings({
        WEB_PUBSUB_CONNECTION_STRING: "Endpoint=http://example.com;AccessKey=SECRETKEY;",
        WEB_PUBSUB_HUB: "bad hub",
        MONITOR_TOKEN: "short",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const name of ["WEB_PUBSUB_CONNECTION_STRING", "WEB_PUBSUB_HUB", "MONITOR_TOKEN"])
      expect(message).toContain(name);
    expect(message).not.toContain("SECRETKEY");
    expect(message).not.toContain("short");
  });
});
