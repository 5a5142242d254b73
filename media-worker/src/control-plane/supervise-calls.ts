// Puts each new call under the control plane: its channel opens as the call starts, the session's
// events become monitor activity, and the channel closes (publishing the end) when the call ends.
import { errorLabel } from "@acs-voice/shared";
import type { Logger } from "../logger.js";
import { controlledCallFor, reportSessionEvents, type SupervisableSession } from "./session-adapter.js";
import type { WorkerControlPlane } from "./worker-control-plane.js";

export interface SupervisedSession extends SupervisableSession {
  readonly ids: { callConnectionId: string | undefined };
}

export function superviseCalls(
  plane: WorkerControlPlane,
  options: { logger: Logger; transferNumber: () => string | undefined },
): (session: SupervisedSession) => void {
  return (session) => {
    const callConnectionId = session.ids.callConnectionId;
    // Without the ACS id (a test connection) there is no group to join and no callback to route.
    if (callConnectionId === undefined) return;
    const call = controlledCallFor(session, callConnectionId, options.transferNumber());
    const { channel, opened } = plane.open(call);
    channel.report({ kind: "state", state: "connecting" });
    const stopReporting = reportSessionEvents(session, channel);
    const unsubscribeEnd = session.subscribe((event) => {
      if (event.type !== "ended") return;
      stopReporting();
      unsubscribeEnd();
      void plane.detach(channel, event.reason);
    });
    opened.catch((error: unknown) => {
      // The call goes on; only remote control and the live view are missing.
      options.logger.warn(
        { callConnectionId, err: errorLabel(error) },
        "control plane unavailable for this call",
      );
    });
  };
}
