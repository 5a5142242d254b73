// One call's link to the control plane: a Web PubSub client that joins the call's group (roles for that
// group and for publishing to `monitor` only), feeds the functions' callback events to the call, carries
// out supervisor actions and acknowledges them on the group, and publishes what happens in the call to
// the monitor group.
import {
  type ActionAck,
  type Clock,
  callGroup,
  controlMessageSchema,
  MONITOR_GROUP,
  type MonitorEvent,
  type SupervisorAction,
  type TimerHandle,
} from "@acs-voice/shared";
import type { OnGroupDataMessageArgs, OnServerDataMessageArgs } from "@azure/web-pubsub-client";
import type { Logger } from "../logger.js";
import { CallView } from "./call-view.js";
import { ActionError, type CallActivity, type ControlledCall } from "./controlled-call.js";

/** The part of `WebPubSubClient` a channel uses. */
export interface ChannelClient {
  start(): Promise<void>;
  stop(): void;
  joinGroup(group: string): Promise<unknown>;
  leaveGroup(group: string): Promise<unknown>;
  sendToGroup(
    group: string,
    content: ActionAck | MonitorEvent,
    dataType: "json",
    options: { noEcho?: boolean; fireAndForget?: boolean },
  ): Promise<unknown>;
  on(event: "server-message", listener: (e: OnServerDataMessageArgs) => void): void;
  on(event: "group-message", listener: (e: OnGroupDataMessageArgs) => void): void;
}

export interface CallChannelOptions {
  call: ControlledCall;
  client: ChannelClient;
  workerId: string;
  clock: Clock;
  logger: Logger;
  /** How often the whole view is republished, for monitor pages opened mid-call; default 5 s. */
  snapshotIntervalMs?: number;
  /** Wall-clock time for the events' `atMs` (the page shows it); default Date.now. */
  wallClock?: () => number;
}

export const DEFAULT_SNAPSHOT_INTERVAL_MS = 5000;
/** Monitor events held while the client connects; older ones are dropped first. */
export const MAX_PENDING_EVENTS = 200;
/** Action ids remembered so a redelivered action is acknowledged again, not carried out twice. */
const MAX_REMEMBERED_ACTIONS = 32;
/** How long closing waits for an action that is still running (a hang-up ends the call mid-action). */
const CLOSE_WAIT_MS = 3000;

export interface ChannelStats {
  callEvents: number;
  actions: number;
  ignored: number;
  invalid: number;
  monitorEventsSent: number;
  monitorEventsDropped: number;
  sendFailures: number;
}

export class CallChannel {
  readonly view = new CallView();
  readonly stats: ChannelStats = {
    callEvents: 0,
    actions: 0,
    ignored: 0,
    invalid: 0,
    monitorEventsSent: 0,
    monitorEventsDropped: 0,
    sendFailures: 0,
  };
  readonly #call: ControlledCall;
  readonly #client: ChannelClient;
  readonly #group: string;
  readonly #options: CallChannelOptions;
  readonly #wallClock: () => number;
  readonly #pending: MonitorEvent[] = [];
  readonly #actions = new Map<string, Promise<ActionAck>>();
  /** Actions being carried out and acknowledged; closing waits for them. */
  readonly #inFlight = new Set<Promise<void>>();
  #connected = false;
  #closed = false;
  #snapshotTimer: TimerHandle | undefined;

  constructor(options: CallChannelOptions) {
    this.#options = options;
    this.#call = options.call;
    this.#client = options.client;
    this.#group = callGroup(options.call.callConnectionId);
    this.#wallClock = options.wallClock ?? Date.now;
    this.#client.on("server-message", (e) => this.#onMessage(e.message.data));
    this.#client.on("group-message", (e) => {
      if (e.message.group === this.#group) this.#onMessage(e.message.data);
    });
  }

  /** Connects and joins the call's group; from then on the call's events reach this replica only. */
  async open(): Promise<void> {
    await this.#client.start();
    await this.#client.joinGroup(this.#group);
    if (this.#closed) return;
    this.#connected = true;
    // The snapshot already holds the state, transcript, latencies and barge-ins reported so far; only
    // what it does not cover is sent from the held events (else the page would show lines twice).
    this.#publishSnapshot();
    for (const event of this.#pending.splice(0)) {
      if (event.kind === "call.tool" || event.kind === "call.action") this.#send(event);
    }
    this.#scheduleSnapshot();
  }

  report(activity: CallActivity): void {
    if (this.#closed) return;
    const applied = this.view.apply(activity);
    this.#publish(toMonitorEvent(applied));
  }

  /**
   * Publishes the call's end and leaves. An action still running (the hang-up that ended the call) is
   * given a moment to be acknowledged first.
   */
  async close(reason: string): Promise<void> {
    if (this.#closed) return;
    this.view.state = "ended";
    this.#publish({ kind: "call.state", state: "ended", reason });
    this.#closed = true;
    if (this.#snapshotTimer !== undefined) this.#options.clock.clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = undefined;
    await waitAtMost(Promise.allSettled([...this.#inFlight]), CLOSE_WAIT_MS, this.#options.clock);
    // Leaving explicitly: a dropped reliable connection would otherwise stay a member for its recovery
    // window, and actions for the ended call would wait for an ack instead of finding no owner.
    if (this.#connected) {
      const left = this.#client.leaveGroup(this.#group).catch(() => {});
      await waitAtMost(left, CLOSE_WAIT_MS, this.#options.clock);
    }
    this.#client.stop();
  }

  #onMessage(data: unknown): void {
    const parsed = controlMessageSchema.safeParse(data);
    if (!parsed.success) {
      this.stats.invalid += 1;
      return;
    }
    const message = parsed.data;
    if (message.kind === "ack") return;
    if (message.kind === "callEvent") {
      if (message.event.callConnectionId !== this.#call.callConnectionId) {
        this.stats.ignored += 1;
        return;
      }
      this.stats.callEvents += 1;
      this.#call.onCallAutomationEvent(message.event);
      return;
    }
    this.stats.actions += 1;
    let result = this.#actions.get(message.actionId);
    if (result === undefined) {
      result = this.#perform(message.action, message.requestedBy).then((outcome) => ({
        kind: "ack" as const,
        actionId: message.actionId,
        ...outcome,
      }));
      this.#actions.set(message.actionId, result);
      if (this.#actions.size > MAX_REMEMBERED_ACTIONS) {
        const oldest = this.#actions.keys().next().value;
        if (oldest !== undefined) this.#actions.delete(oldest);
      }
    }
    const acknowledged = result.then((ack) => this.#acknowledge(ack));
    this.#inFlight.add(acknowledged);
    void acknowledged.finally(() => this.#inFlight.delete(acknowledged));
  }

  async #perform(
    action: SupervisorAction,
    requestedBy: string | undefined,
  ): Promise<Omit<ActionAck, "kind" | "actionId">> {
    const log = this.#options.logger;
    try {
      if (action.type === "hangUp") await this.#call.hangUp();
      else if (action.type === "transfer") await this.#call.transfer(action.target, requestedBy);
      else await this.#call.whisper(action.text);
      log.info({ action: action.type }, "supervisor action done");
      this.#publish({ kind: "call.action", action: action.type, ok: true });
      return { ok: true };
    } catch (error) {
      const code = error instanceof ActionError ? error.code : "failed";
      const message = error instanceof ActionError ? error.message : "the action failed";
      log.warn({ action: action.type, code }, "supervisor action failed");
      this.#publish({ kind: "call.action", action: action.type, ok: false });
      return { ok: false, code, message };
    }
  }

  async #acknowledge(ack: ActionAck): Promise<void> {
    try {
      await this.#client.sendToGroup(this.#group, ack, "json", { noEcho: true });
    } catch {
      this.stats.sendFailures += 1;
    }
  }

  #publish(event: MonitorEventBody): void {
    const full = {
      ...event,
      callConnectionId: this.#call.callConnectionId,
      worker: this.#options.workerId,
      atMs: this.#wallClock(),
    } as MonitorEvent;
    if (this.#connected) {
      this.#send(full);
      return;
    }
    this.#pending.push(full);
    if (this.#pending.length > MAX_PENDING_EVENTS) {
      this.#pending.shift();
      this.stats.monitorEventsDropped += 1;
    }
  }

  #send(event: MonitorEvent): void {
    // Fire and forget: live state is best effort, and the next snapshot repairs a lost event.
    this.#client
      .sendToGroup(MONITOR_GROUP, event, "json", { noEcho: true, fireAndForget: true })
      .then(() => {
        this.stats.monitorEventsSent += 1;
      })
      .catch(() => {
        this.stats.sendFailures += 1;
      });
  }

  #publishSnapshot(): void {
    const { view } = this;
    this.#publish({
      kind: "call.snapshot",
      state: view.state,
      transcript: [...view.transcript],
      turnLatenciesMs: [...view.turnLatenciesMs],
      bargeIns: view.bargeIns,
    });
  }

  #scheduleSnapshot(): void {
    if (this.#closed) return;
    this.#snapshotTimer = this.#options.clock.setTimeout(() => {
      this.#publishSnapshot();
      this.#scheduleSnapshot();
    }, this.#options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS);
  }
}

type MonitorEventBody = MonitorEvent extends infer E
  ? E extends MonitorEvent
    ? Omit<E, "callConnectionId" | "worker" | "atMs">
    : never
  : never;

function toMonitorEvent(activity: CallActivity): MonitorEventBody {
  switch (activity.kind) {
    case "state":
      return activity.reason === undefined
        ? { kind: "call.state", state: activity.state }
        : { kind: "call.state", state: activity.state, reason: activity.reason };
    case "transcript":
      return { kind: "call.transcript", role: activity.role, text: activity.text };
    case "turn":
      return { kind: "call.turn", latencyMs: Math.round(activity.latencyMs) };
    case "bargeIn":
      return { kind: "call.bargeIn" };
    case "tool":
      return { kind: "call.tool", name: activity.name };
  }
}

function waitAtMost(promise: Promise<unknown>, ms: number, clock: Clock): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    void promise.then(() => {
      clock.clearTimeout(timer);
      resolve();
    });
  });
}
