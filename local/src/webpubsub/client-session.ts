// One client connection as the service sees it: its socket (absent while a reliable client is
// recovering), groups, permissions, and for the reliable protocol the sequence numbering, the bounded
// buffer of data messages the client has not acknowledged yet, and the ack ids already processed.
import type { WebSocket } from "ws";
import { ClientPermissions } from "./client-permissions.js";
import { connectedFrame, type DataMessage, dataFrame, rawFrame } from "./server-frames.js";

export type ClientProtocol = "json" | "json.reliable" | "none";

export const SUBPROTOCOLS: ReadonlyMap<string, ClientProtocol> = new Map([
  ["json.reliable.webpubsub.azure.v1", "json.reliable"],
  ["json.webpubsub.azure.v1", "json"],
]);

export type SessionState = "connected" | "recovering" | "closed";

export interface ClientSessionOptions {
  hub: string;
  connectionId: string;
  userId: string | undefined;
  roles: readonly string[];
  protocol: ClientProtocol;
  newReconnectionToken: () => string;
  /** Unacknowledged data messages kept for redelivery; beyond this the session is dropped. */
  maxUnackedMessages: number;
  /** Ack ids remembered for `Duplicate` answers (oldest forgotten first). */
  maxRememberedAckIds: number;
}

export class ClientSession {
  readonly hub: string;
  readonly connectionId: string;
  readonly userId: string | undefined;
  readonly protocol: ClientProtocol;
  readonly groups = new Set<string>();
  readonly permissions: ClientPermissions;
  #state: SessionState = "connected";
  #socket: WebSocket | undefined;
  #reconnectionToken: string | undefined;
  #nextSequenceId = 1;
  readonly #unacked: { sequenceId: number; frame: string }[] = [];
  readonly #ackIds = new Set<number>();
  readonly #options: ClientSessionOptions;

  constructor(options: ClientSessionOptions) {
    this.#options = options;
    this.hub = options.hub;
    this.connectionId = options.connectionId;
    this.userId = options.userId;
    this.protocol = options.protocol;
    this.permissions = new ClientPermissions(options.roles);
  }

  get state(): SessionState {
    return this.#state;
  }

  get reliable(): boolean {
    return this.protocol === "json.reliable";
  }

  get unackedCount(): number {
    return this.#unacked.length;
  }

  /** Binds a (new) socket, says `connected`, and redelivers what a recovering client missed. */
  attach(socket: WebSocket): void {
    // A client that recovers before the server noticed its old socket die: that socket is finished.
    if (this.#socket !== undefined && this.#socket !== socket) this.#socket.terminate();
    this.#socket = socket;
    this.#state = "connected";
    if (this.protocol === "none") return;
    this.#reconnectionToken = this.reliable ? this.#options.newReconnectionToken() : undefined;
    socket.send(connectedFrame(this.connectionId, this.userId, this.#reconnectionToken));
    for (const pending of this.#unacked) socket.send(pending.frame);
  }

  /** The socket dropped; a reliable session waits for the client to come back. */
  detach(): void {
    this.#socket = undefined;
    if (this.#state === "connected") this.#state = "recovering";
  }

  isBoundTo(socket: WebSocket): boolean {
    return this.#socket === socket;
  }

  matchesReconnectionToken(token: string): boolean {
    return this.#reconnectionToken !== undefined && this.#reconnectionToken === token;
  }

  /** Sends a data message; false when the unacknowledged buffer is full (the caller drops the session). */
  deliver(message: DataMessage): boolean {
    if (this.#state === "closed") return true;
    if (this.protocol === "none") {
      this.#socket?.send(rawFrame(message));
      return true;
    }
    if (!this.reliable) {
      this.#socket?.send(dataFrame(message, undefined));
      return true;
    }
    if (this.#unacked.length >= this.#options.maxUnackedMessages) return false;
    const sequenceId = this.#nextSequenceId++;
    const frame = dataFrame(message, sequenceId);
    this.#unacked.push({ sequenceId, frame });
    this.#socket?.send(frame);
    return true;
  }

  /** Acks, pongs and system events: never sequenced, never redelivered. */
  sendControl(frame: string): void {
    if (this.#state !== "closed") this.#socket?.send(frame);
  }

  /** `sequenceAck` is cumulative: everything up to `sequenceId` has arrived. */
  acknowledgeSequence(sequenceId: number): void {
    let received = 0;
    while (received < this.#unacked.length && (this.#unacked[received]?.sequenceId ?? 0) <= sequenceId)
      received++;
    this.#unacked.splice(0, received);
  }

  /** True the first time an ack id is seen on this connection. */
  rememberAckId(ackId: number): boolean {
    if (this.#ackIds.has(ackId)) return false;
    this.#ackIds.add(ackId);
    if (this.#ackIds.size > this.#options.maxRememberedAckIds) {
      const oldest = this.#ackIds.values().next().value;
      if (oldest !== undefined) this.#ackIds.delete(oldest);
    }
    return true;
  }

  /** Ends the session; the socket (if any) is closed with `code`. */
  close(code: number, reason: string): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    const socket = this.#socket;
    this.#socket = undefined;
    this.#unacked.length = 0;
    socket?.close(code, reason);
  }

  /** Abrupt network loss (no close frame), for recovery tests. */
  dropSocket(): boolean {
    const socket = this.#socket;
    if (socket === undefined) return false;
    socket.terminate();
    return true;
  }
}
