import type { CallSession, CallSummary } from "../session/call-session.js";
import type { CallRecorder, CallTelemetry } from "./call-telemetry.js";

export interface CallHooks {
  onCallStarted?: ((session: CallSession) => void) | undefined;
  onCallEnded?: ((summary: CallSummary) => void) | undefined;
}

/**
 * The media server's call hooks with telemetry added in front of the given ones: each call gets a
 * recorder subscribed to its events, and its summary at the end.
 */
export function withCallTelemetry(telemetry: CallTelemetry, hooks: CallHooks = {}): Required<CallHooks> {
  const recorders = new Map<string, CallRecorder>();
  return {
    onCallStarted(session) {
      const recorder = telemetry.callStarted(session.ids);
      recorders.set(session.ids.callId, recorder);
      session.subscribe((event) => recorder.onEvent(event));
      hooks.onCallStarted?.(session);
    },
    onCallEnded(summary) {
      const recorder = recorders.get(summary.ids.callId);
      recorders.delete(summary.ids.callId);
      recorder?.callEnded(summary);
      hooks.onCallEnded?.(summary);
    },
  };
}
