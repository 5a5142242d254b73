import type { FakeClock } from "@acs-voice/shared";
import { silentLogger } from "../src/logger.js";
import { CallSession } from "../src/session/call-session.js";
import { NO_FEATURES, type VoiceLiveLink } from "../src/session/call-types.js";
import { DEFAULT_TEST_SETTINGS, FakeAcs } from "./fakes.js";

/** The session age at which a renewing call opens its replacement (no `expires_at` in these tests). */
export const RENEW_AFTER_MS = 60_000;

/** A call with renewal on and no greeting (the caller speaks first), on `voiceLive`; not started. */
export function renewingCallSession(clock: FakeClock, voiceLive: VoiceLiveLink): CallSession {
  return new CallSession({
    ids: { callId: "call-1", callConnectionId: "conn-1", correlationId: "corr-1" },
    settings: {
      ...DEFAULT_TEST_SETTINGS,
      greeting: "",
      features: { ...NO_FEATURES, renewal: { renewAfterMs: RENEW_AFTER_MS, renewMarginMs: 0 } },
    },
    acs: new FakeAcs(clock),
    voiceLive,
    clock,
    logger: silentLogger(),
    callControl: undefined,
  });
}
