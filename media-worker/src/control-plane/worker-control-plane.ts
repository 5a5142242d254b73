// The worker's side of the control plane: for each call it owns, a CallChannel with its own Web PubSub
// client. Any replica can own any call; the group membership is what routes the call's traffic here.
import { type Clock, callGroup, MONITOR_GROUP, systemClock } from "@acs-voice/shared";
import { WebPubSubClient } from "@azure/web-pubsub-client";
import type { Logger } from "../logger.js";
import { CallChannel, type ChannelClient } from "./call-channel.js";
import type { ControlledCall } from "./controlled-call.js";

/** What the worker needs of `WebPubSubServiceClient`: client tokens (minted with the key or via REST). */
export interface ClientTokenService {
  getClientAccessToken(options: {
    userId: string;
    roles: string[];
    expirationTimeInMinutes: number;
  }): Promise<{ url: string }>;
}

export interface WorkerControlPlaneOptions {
  service: ClientTokenService;
  /** Shown on the monitor page (which replica owns the call); the Container Apps replica name in Azure. */
  workerId: string;
  logger: Logger;
  clock?: Clock;
  snapshotIntervalMs?: number;
  /** Tests may substitute the client; by default `@azure/web-pubsub-client` (reliable protocol). */
  createClient?: (getUrl: () => Promise<string>) => ChannelClient;
}

/** Tokens are re-minted on every reconnect, so an hour covers any one connection attempt. */
const TOKEN_MINUTES = 60;

export class WorkerControlPlane {
  readonly #options: WorkerControlPlaneOptions;
  readonly #channels = new Set<CallChannel>();

  constructor(options: WorkerControlPlaneOptions) {
    this.#options = options;
  }

  /**
   * Opens the call's channel. Resolves once this replica is in the call's group; rejects (and cleans up)
   * if Web PubSub cannot be reached, in which case the call continues without remote control.
   */
  async attach(call: ControlledCall): Promise<CallChannel> {
    const { channel, opened } = this.open(call);
    await opened;
    return channel;
  }

  /**
   * The call's channel at once (activity reported before it is connected is held, bounded), and the
   * promise of its joining the group. If that fails the channel is closed and forgotten.
   */
  open(call: ControlledCall): { channel: CallChannel; opened: Promise<void> } {
    const group = callGroup(call.callConnectionId);
    const getUrl = async () =>
      (
        await this.#options.service.getClientAccessToken({
          userId: `worker:${this.#options.workerId}`,
          // Only this call's group and publishing to the monitor: a replica cannot listen to other calls.
          roles: [
            `webpubsub.joinLeaveGroup.${group}`,
            `webpubsub.sendToGroup.${group}`,
            `webpubsub.sendToGroup.${MONITOR_GROUP}`,
          ],
          expirationTimeInMinutes: TOKEN_MINUTES,
        })
      ).url;
    const client = (this.#options.createClient ?? defaultClient)(getUrl);
    const channel = new CallChannel({
      call,
      client,
      workerId: this.#options.workerId,
      clock: this.#options.clock ?? systemClock,
      logger: this.#options.logger,
      ...(this.#options.snapshotIntervalMs !== undefined
        ? { snapshotIntervalMs: this.#options.snapshotIntervalMs }
        : {}),
    });
    this.#channels.add(channel);
    const opened = channel.open().catch((error: unknown) => {
      this.#channels.delete(channel);
      void channel.close("control-plane-unavailable");
      throw error;
    });
    return { channel, opened };
  }

  /** Closes a call's channel (publishing its end) and forgets it. */
  async detach(channel: CallChannel, reason: string): Promise<void> {
    this.#channels.delete(channel);
    await channel.close(reason);
  }

  get openChannels(): number {
    return this.#channels.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#channels].map((channel) => this.detach(channel, "worker-stopped")));
  }
}

function defaultClient(getUrl: () => Promise<string>): ChannelClient {
  return new WebPubSubClient({ getClientAccessUrl: getUrl });
}
