// Child process: the ACS emulator (Call Automation REST, Event Grid, callbacks, JWKS, media client) on a
// free 127.0.0.1 port. Reports its URLs with "ready", streams live events about the call, sends the media
// leg's report when the leg closes; rings and hangs up when the runner says so.

import { type AcsEmulator, startAcsEmulator } from "../acs/index.js";
import { watchAcsCalls } from "../runner/acs-call-feed.js";
import { closeOnShutdown, failStartup, onRunnerControl, sendToRunner } from "../runner/child-runtime.js";
import type { LiveEvent } from "../runner/live-event.js";
import { createTappedSocketFactory } from "../runner/media-tap.js";

const NAME = "acs-emulator";
const emit = (event: LiveEvent, atEpochMs: number) => sendToRunner({ type: "live", atEpochMs, event });

let emulator: AcsEmulator;
try {
  emulator = await startAcsEmulator({
    mediaClient: { connect: createTappedSocketFactory({ emit }) },
    eventGridRetryScheduleMs: [500, 2000],
  });
} catch (error) {
  failStartup(NAME, error);
}

const stopFeed = watchAcsCalls(emulator, {
  emit,
  onMediaReport: (report) => sendToRunner({ type: "media-report", report }),
});

onRunnerControl(async (message) => {
  switch (message.type) {
    case "ring": {
      console.error(`${NAME}: ringing ${message.webhookUrl}`);
      const result = await emulator.ringIncomingCall({
        webhookUrl: message.webhookUrl,
        media: { caller: message.caller },
      });
      const delivered = result.deliveries.some((d) => d.delivered);
      console.error(`${NAME}: IncomingCall ${delivered ? "delivered" : "NOT delivered"}`);
      if (!delivered) {
        const statuses = result.deliveries.flatMap((d) => d.attempts.map((a) => String(a.status ?? a.error)));
        const handshake = result.handshake && !result.handshake.ok ? " (validation handshake failed)" : "";
        sendToRunner({
          type: "failed",
          message: `Event Grid could not deliver IncomingCall to the functions host${handshake}: ${statuses.join(", ") || "no answer"}`,
        });
      }
      return;
    }
    case "hang-up":
      for (const call of emulator.calls()) {
        if (call.state !== "disconnected") {
          console.error(`${NAME}: the caller hangs up`);
          await call.hangUp();
        }
      }
      return;
    case "send-conversation":
      return;
  }
});

closeOnShutdown(NAME, async () => {
  stopFeed();
  await emulator.close();
});

console.error(`${NAME}: listening on ${emulator.url}`);
sendToRunner({
  type: "ready",
  info: {
    url: emulator.url,
    connectionString: emulator.connectionString,
    resourceId: emulator.resourceId,
    issuer: emulator.issuer,
    jwksUrl: emulator.jwksUrl,
  },
});
