// Carries out what a PubSub client asks for: join/leave a group, publish to a group, send an event,
// acknowledge sequence ids, ping. Every request with an ackId is answered with an ack (success,
// Forbidden, or Duplicate for an ackId this connection already used).
import type { ClientMessage } from "./client-messages.js";
import type { ClientSession } from "./client-session.js";
import type { Hub } from "./hub.js";
import { type AckError, ackFrame, invokeErrorFrame, pongFrame } from "./server-frames.js";

export function handleClientRequest(hub: Hub, session: ClientSession, request: ClientMessage): void {
  switch (request.type) {
    case "sequenceAck":
      session.acknowledgeSequence(request.sequenceId);
      return;
    case "ping":
      session.sendControl(pongFrame());
      return;
    case "cancelInvocation":
      return;
    case "invoke":
      // Invocations go to an upstream event handler, which the emulator does not have.
      session.sendControl(
        invokeErrorFrame(request.invocationId, "NotSupported", "No upstream event handler is configured."),
      );
      return;
  }

  if (request.ackId !== undefined && !session.rememberAckId(request.ackId)) {
    answer(session, request.ackId, {
      name: "Duplicate",
      message: `Message with ack-id: ${request.ackId} has been processed`,
    });
    return;
  }
  const error = perform(hub, session, request);
  if (request.ackId !== undefined) answer(session, request.ackId, error);
}

function perform(
  hub: Hub,
  session: ClientSession,
  request: Extract<ClientMessage, { ackId?: number | undefined }>,
): AckError | undefined {
  switch (request.type) {
    case "joinGroup":
    case "leaveGroup": {
      if (!session.permissions.allows("joinLeaveGroup", request.group)) {
        return forbidden(`join or leave group ${request.group}`);
      }
      if (request.type === "joinGroup") hub.join(session, request.group);
      else hub.leave(session, request.group);
      return undefined;
    }
    case "sendToGroup": {
      if (!session.permissions.allows("sendToGroup", request.group))
        return forbidden(`send to group ${request.group}`);
      const excluded = request.noEcho ? new Set([session.connectionId]) : undefined;
      hub.send(
        hub.groupSessions(request.group),
        {
          from: "group",
          group: request.group,
          fromUserId: session.userId,
          dataType: request.dataType,
          data: request.data,
        },
        { excluded },
      );
      return undefined;
    }
    case "event":
      // Events go upstream; with no event handler configured the service accepts and drops them.
      return undefined;
  }
}

function answer(session: ClientSession, ackId: number, error: AckError | undefined): void {
  session.sendControl(ackFrame(ackId, error));
}

function forbidden(action: string): AckError {
  return { name: "Forbidden", message: `The connection has no permission to ${action}.` };
}
