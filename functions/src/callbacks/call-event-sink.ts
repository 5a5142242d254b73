import type { CallAutomationEvent } from "@acs-voice/shared";

/**
 * Where verified callback events go after the call record is updated: to whoever owns the call's media
 * session. In process for now (the dev host runs functions and worker side by side); Azure Web PubSub,
 * group per call, later.
 */
export interface CallEventSink {
  /** A returned promise is awaited by the callback request (a remote publish); it must not reject. */
  publish(event: CallAutomationEvent): void | Promise<void>;
}
