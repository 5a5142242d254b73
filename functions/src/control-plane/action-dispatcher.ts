// Sends a supervisor action to the worker that owns a call and waits for its acknowledgement: a
// short-lived Web PubSub client joins the call's group (roles for that group only), sends the action,
// and listens for the ack the worker posts back to the group.
import { randomUUID } from "node:crypto";
import {
  type ActionAck,
  type ActionMessage,
  actionAckSchema,
  callGroup,
  type SupervisorAction,
} from "@acs-voice/shared";
import {
  type OnGroupDataMessageArgs,
  WebPubSubClient,
  WebPubSubJsonProtocol,
} from "@azure/web-pubsub-client";

export type DispatchOutcome =
  | { kind: "acknowledged"; ack: ActionAck }
  | { kind: "no-owner" }
  | { kind: "timeout" }
  | { kind: "unavailable" };

/** What the dispatcher needs of `WebPubSubServiceClient`. */
export interface TokenService {
  groupExists(groupName: string): Promise<boolean>;
  getClientAccessToken(options: {
    userId: string;
    roles: string[];
    expirationTimeInMinutes: number;
  }): Promise<{ url: string }>;
}

/** The part of `WebPubSubClient` the dispatcher uses (tests may substitute it). */
export interface GroupClient {
  start(): Promise<void>;
  stop(): void;
  joinGroup(group: string): Promise<unknown>;
  sendToGroup(
    group: string,
    content: ActionMessage,
    dataType: "json",
    options: { noEcho: boolean },
  ): Promise<unknown>;
  on(event: "group-message", listener: (e: OnGroupDataMessageArgs) => void): void;
}

export interface ActionDispatcherOptions {
  service: TokenService;
  /** How long to wait for the worker's ack; default 5 s. */
  ackTimeoutMs?: number;
  newActionId?: () => string;
  createClient?: (url: string) => GroupClient;
  setTimer?: (callback: () => void, ms: number) => () => void;
}

export const DEFAULT_ACK_TIMEOUT_MS = 5000;

export type ActionDispatcher = (
  callConnectionId: string,
  action: SupervisorAction,
  /** Who asked (the supervisor's sign-in name); carried to the worker with the action. */
  requestedBy?: string,
) => Promise<DispatchOutcome>;

export function createActionDispatcher(options: ActionDispatcherOptions): ActionDispatcher {
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const newActionId = options.newActionId ?? randomUUID;
  const createClient =
    options.createClient ??
    ((url: string): GroupClient =>
      new WebPubSubClient(url, {
        protocol: WebPubSubJsonProtocol(),
        autoReconnect: false,
        messageRetryOptions: { maxRetries: 1 },
      }));
  const setTimer =
    options.setTimer ??
    ((callback: () => void, ms: number) => {
      const handle = setTimeout(callback, ms);
      return () => clearTimeout(handle);
    });

  return async (callConnectionId, action, requestedBy) => {
    const group = callGroup(callConnectionId);
    let url: string;
    try {
      // No member: no replica owns this call (it ended, or its media never connected).
      if (!(await options.service.groupExists(group))) return { kind: "no-owner" };
      ({ url } = await options.service.getClientAccessToken({
        userId: "functions",
        roles: [`webpubsub.joinLeaveGroup.${group}`, `webpubsub.sendToGroup.${group}`],
        expirationTimeInMinutes: 5,
      }));
    } catch {
      return { kind: "unavailable" };
    }

    const actionId = newActionId();
    const client = createClient(url);
    let cancelTimer = () => {};
    const outcome = new Promise<DispatchOutcome>((resolve) => {
      cancelTimer = setTimer(() => resolve({ kind: "timeout" }), ackTimeoutMs);
      client.on("group-message", ({ message }) => {
        if (message.group !== group) return;
        const ack = actionAckSchema.safeParse(message.data);
        if (ack.success && ack.data.actionId === actionId) resolve({ kind: "acknowledged", ack: ack.data });
      });
    });
    const exchange = (async (): Promise<DispatchOutcome> => {
      await client.start();
      // Joined before sending, so the ack cannot arrive before we listen.
      await client.joinGroup(group);
      const message: ActionMessage = {
        kind: "action",
        actionId,
        action,
        ...(requestedBy !== undefined ? { requestedBy } : {}),
      };
      await client.sendToGroup(group, message, "json", { noEcho: true });
      return outcome;
    })().catch((): DispatchOutcome => ({ kind: "unavailable" }));
    try {
      // The timeout also bounds a connect or join that never completes.
      return await Promise.race([outcome, exchange]);
    } finally {
      cancelTimer();
      client.stop();
    }
  };
}
