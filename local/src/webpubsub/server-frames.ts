// What the service sends to clients. PubSub clients get JSON frames (data messages, acks, system
// events); a plain WebSocket client (no subprotocol) gets each data message as a raw frame.
import type { DataType } from "./client-messages.js";

export interface Payload {
  dataType: DataType;
  /** JSON value for json, string for text, base64 for binary/protobuf. */
  data: unknown;
}

/** REST sends arrive `from: "server"` (even to a group); client publishes arrive `from: "group"`. */
export type DataMessage =
  | ({ from: "server" } & Payload)
  | ({ from: "group"; group: string; fromUserId: string | undefined } & Payload);

export interface AckError {
  name: "Forbidden" | "InternalServerError" | "Duplicate" | "BadRequest";
  message: string;
}

export function dataFrame(message: DataMessage, sequenceId: number | undefined): string {
  const frame =
    message.from === "server"
      ? { type: "message", from: "server", dataType: message.dataType, data: message.data }
      : {
          type: "message",
          from: "group",
          group: message.group,
          ...(message.fromUserId === undefined ? {} : { fromUserId: message.fromUserId }),
          dataType: message.dataType,
          data: message.data,
        };
  return JSON.stringify(sequenceId === undefined ? frame : { ...frame, sequenceId });
}

/** The frame a plain WebSocket client receives for a data message. */
export function rawFrame(message: Payload): string | Buffer {
  switch (message.dataType) {
    case "text":
      return String(message.data);
    case "json":
      return JSON.stringify(message.data);
    default:
      return Buffer.from(String(message.data), "base64");
  }
}

export function ackFrame(ackId: number, error?: AckError): string {
  return JSON.stringify(
    error ? { type: "ack", ackId, success: false, error } : { type: "ack", ackId, success: true },
  );
}

export function connectedFrame(
  connectionId: string,
  userId: string | undefined,
  reconnectionToken?: string,
): string {
  return JSON.stringify({
    type: "system",
    event: "connected",
    userId: userId ?? null,
    connectionId,
    ...(reconnectionToken === undefined ? {} : { reconnectionToken }),
  });
}

export function disconnectedFrame(reason: string): string {
  return JSON.stringify({ type: "system", event: "disconnected", message: reason });
}

export function pongFrame(): string {
  return JSON.stringify({ type: "pong" });
}

export function invokeErrorFrame(invocationId: string, name: string, message: string): string {
  return JSON.stringify({ type: "invokeResponse", invocationId, success: false, error: { name, message } });
}
