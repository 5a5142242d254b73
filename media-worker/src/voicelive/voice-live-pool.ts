// The Voice Live endpoints of this worker as one pool. Every connection (a new call, a reconnect, a renewal,
// a move) asks it where to go: to an endpoint in rotation with budget left, new connections shared in
// proportion to the weights. Budgets are per minute and per endpoint over every replica: the pool reads
// the shared ledger once per connection (one round trip) and adds this replica's own exact counts; its own
// use is written back off the call path. When every endpoint is out of budget, a new call is turned away
// (the media server gives it the busy signal) instead of failing mid-call.
//
// Margin. A replica cannot see connections another replica decided within the same round trip (its row was
// not written yet), so two replicas starting calls at the same moment can both take an endpoint's last
// connection: the budget can be exceeded by the connections the other replicas start within one store
// round trip, i.e. R − 1 for R replicas that each start one at that moment. When the store cannot be read,
// a replica counts what it last saw of the others and keeps its own use within its share (budget ÷ the
// replicas it last saw plus one, at least one connection), so only replicas added during the outage, beyond
// that one, can push the deployment over. The service's own 429 then takes the endpoint out of rotation
// and the connection goes to the next endpoint.

import { type Clock, errorLabel, type TimerHandle } from "@acs-voice/shared";
import type { Logger } from "../logger.js";
import { EndpointRotation, type OutReason } from "./endpoint-rotation.js";
import type { LedgerView, UsageLedger } from "./usage-ledger.js";
import { USAGE_WINDOW_MS, type Usage, UsageSlots } from "./usage-slots.js";
import type { VoiceLiveAuth } from "./voice-live-auth.js";
import type { VoiceLiveEndpoint } from "./voice-live-endpoints.js";
import type { ConnectPurpose, RoutedEndpoint, VoiceLiveRoute } from "./voice-live-route.js";

/** Token usage is written at most this often (connections are written at once). */
const TOKEN_FLUSH_MS = 1_000;
/** A write that failed is tried again after this long (with whatever changed meanwhile). */
const WRITE_RETRY_MS = 5_000;

export interface PoolEndpoint extends VoiceLiveEndpoint {
  auth: VoiceLiveAuth;
}

export interface VoiceLivePoolOptions {
  endpoints: readonly PoolEndpoint[];
  ledger: UsageLedger;
  clock: Clock;
  /** Wall-clock ms, for the ledger's slots. */
  wallClock: () => number;
  logger: Logger;
  /** Tokens a new call is expected to add to its endpoint's minute. */
  tokensPerCallMinute: number;
  /** How long a new call may wait for an endpoint that is out of rotation (its connect patience). */
  patienceMs: number;
}

export interface EndpointStats {
  name: string;
  /** Connections that opened. */
  connections: number;
  /** Connections asked for (each counts against the budget). */
  attempts: number;
  /** Times it was taken out of rotation, by why. */
  refusals: Record<OutReason, number>;
  tokens: number;
  /** Times a connection could not go there because its budget for the minute was used. */
  overBudget: number;
  outOfRotationMs: number;
  inRotation: boolean;
  /** Its last minute over every replica, as this replica last saw it. */
  lastMinute: Usage;
  budget: { connectionsPerMinute: number; tokensPerMinute: number };
}

export interface PoolStats {
  endpoints: EndpointStats[];
  /** New calls turned away because no endpoint had budget left. */
  callsTurnedAway: number;
  /** Whether budgets are shared with the other replicas (a table is configured). */
  sharedLedger: boolean;
}

interface Entry {
  endpoint: PoolEndpoint;
  index: number;
  rotation: EndpointRotation;
  own: UsageSlots;
  stats: Omit<EndpointStats, "name" | "outOfRotationMs" | "inRotation" | "lastMinute" | "budget">;
  dirty: boolean;
  writing: boolean;
}

const NO_REFUSALS = (): Record<OutReason, number> => ({
  throttled: 0,
  refused: 0,
  unreachable: 0,
  "failing-responses": 0,
});

export class VoiceLivePool implements VoiceLiveRoute {
  private readonly entries: Entry[];
  private readonly options: VoiceLivePoolOptions;
  /** The last view of the ledger that could be read, and when (monotonic ms). */
  private lastView: { view: LedgerView; atMs: number } | undefined;
  private storeReachable = true;
  private flushTimer: TimerHandle | undefined;
  private callsTurnedAway = 0;
  private closed = false;

  constructor(options: VoiceLivePoolOptions) {
    if (options.endpoints.length === 0) throw new Error("a Voice Live pool needs at least one endpoint");
    this.options = options;
    this.entries = options.endpoints.map((endpoint, index) => ({
      endpoint,
      index,
      rotation: new EndpointRotation(options.clock),
      own: new UsageSlots(),
      stats: { connections: 0, attempts: 0, refusals: NO_REFUSALS(), tokens: 0, overBudget: 0 },
      dirty: false,
      writing: false,
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  async next(purpose: ConnectPurpose, avoid?: string): Promise<RoutedEndpoint | undefined> {
    const view = await this.readLedger();
    const entry = this.choose(purpose, avoid, view);
    if (!entry) {
      if (purpose === "call") this.callsTurnedAway++;
      this.options.logger.warn({ purpose }, "no voice live endpoint has budget left");
      return undefined;
    }
    entry.own.add(this.options.wallClock(), { connections: 1 });
    entry.stats.attempts++;
    this.persist(entry, true);
    return this.routed(entry);
  }

  hasAlternative(name: string): boolean {
    const view = this.storeReachable ? this.freshView() : undefined;
    return this.entries.some(
      (entry) =>
        entry.endpoint.name !== name && entry.rotation.isIn && this.hasRoom(entry, "reconnect", view),
    );
  }

  stats(): PoolStats {
    const view = this.freshView();
    const wall = this.options.wallClock();
    return {
      endpoints: this.entries.map((entry) => {
        const own = entry.own.total(wall);
        const others = this.othersUsage(entry.endpoint.name, view, wall);
        return {
          name: entry.endpoint.name,
          ...entry.stats,
          refusals: { ...entry.stats.refusals },
          outOfRotationMs: Math.round(entry.rotation.outOfRotationMs),
          inRotation: entry.rotation.isIn,
          lastMinute: {
            connections: own.connections + others.connections,
            tokens: own.tokens + others.tokens,
          },
          budget: {
            connectionsPerMinute: entry.endpoint.connectionsPerMinute,
            tokensPerMinute: entry.endpoint.tokensPerMinute,
          },
        };
      }),
      callsTurnedAway: this.callsTurnedAway,
      sharedLedger: this.options.ledger.shared,
    };
  }

  /** Stops the pending write of token usage (the rows age out by themselves). */
  close(): void {
    this.closed = true;
    if (this.flushTimer !== undefined) this.options.clock.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private async readLedger(): Promise<LedgerView | undefined> {
    const view = await this.options.ledger.read();
    if (view) {
      this.lastView = { view, atMs: this.options.clock.now() };
      if (!this.storeReachable) this.options.logger.info("voice live usage ledger reachable again");
      this.storeReachable = true;
      return view;
    }
    if (this.storeReachable) {
      this.options.logger.warn("voice live usage ledger unreachable; each endpoint's budget is shared out");
    }
    this.storeReachable = false;
    return undefined;
  }

  /** The last view, while it still says something about the current minute. */
  private freshView(): LedgerView | undefined {
    const last = this.lastView;
    return last && this.options.clock.now() - last.atMs < USAGE_WINDOW_MS ? last.view : undefined;
  }

  /** `view` undefined: the store could not be read now. */
  private choose(purpose: ConnectPurpose, avoid: string | undefined, view: LedgerView | undefined) {
    const withRoom = this.entries.filter((entry) => {
      const room = this.hasRoom(entry, purpose, view);
      if (!room) entry.stats.overBudget++;
      return room;
    });
    const inRotation = withRoom.filter((entry) => entry.rotation.isIn);
    const elsewhere = inRotation.filter((entry) => entry.endpoint.name !== avoid);
    const candidates = elsewhere.length > 0 ? elsewhere : inRotation;
    if (candidates.length > 0) return this.leastUsed(candidates, view);
    // Every endpoint with budget is out of rotation: the one back first (the connection waits for it, as
    // it waited for a single endpoint). A new call is turned away only when the service itself said it
    // has no room (throttled, or its tokens spent) for longer than the call may wait; a broken endpoint
    // is tried, as it was before there was a pool.
    const soonest = [...withRoom].sort((a, b) => a.rotation.backInMs - b.rotation.backInMs)[0];
    if (!soonest) return undefined;
    const full = soonest.rotation.reason === "throttled" || soonest.rotation.reason === "failing-responses";
    if (purpose === "call" && full && soonest.rotation.backInMs > this.options.patienceMs) return undefined;
    return soonest;
  }

  /**
   * New connections in proportion to the weights: the endpoint whose minute, with this connection, has
   * the fewest connections per unit of weight (the list's order breaks ties). Weight 0 is a standby.
   */
  private leastUsed(candidates: Entry[], view: LedgerView | undefined): Entry | undefined {
    const weighted = candidates.filter((entry) => entry.endpoint.weight > 0);
    const among = weighted.length > 0 ? weighted : candidates;
    const wall = this.options.wallClock();
    let best: { entry: Entry; score: number } | undefined;
    for (const entry of among) {
      const used =
        entry.own.total(wall).connections + this.othersUsage(entry.endpoint.name, view, wall).connections;
      const score = (used + 1) / Math.max(1, entry.endpoint.weight);
      if (!best || score < best.score) best = { entry, score };
    }
    return best?.entry;
  }

  private hasRoom(entry: Entry, purpose: ConnectPurpose, view: LedgerView | undefined): boolean {
    const wall = this.options.wallClock();
    const { connectionsPerMinute, tokensPerMinute } = entry.endpoint;
    const own = entry.own.total(wall);
    // Unreadable now: what was last seen of the others still counts for the rest of its minute.
    const others = this.othersUsage(entry.endpoint.name, view ?? this.freshView(), wall);
    // A new call will add tokens; a reconnect or renewal carries a call already counted somewhere.
    const tokensNeeded = purpose === "call" ? Math.max(1, this.options.tokensPerCallMinute) : 1;
    if (own.connections + others.connections + 1 > connectionsPerMinute) return false;
    if (own.tokens + others.tokens + tokensNeeded > tokensPerMinute) return false;
    if (view !== undefined || !this.options.ledger.shared) return true;
    // The store cannot be read: this replica keeps to its share, leaving room for one replica more.
    const replicas = (this.lastView?.view.replicas ?? 1) + 1;
    if (own.connections + 1 > Math.max(1, Math.floor(connectionsPerMinute / replicas))) return false;
    return own.tokens + tokensNeeded <= tokensPerMinute / replicas;
  }

  private othersUsage(name: string, view: LedgerView | undefined, wall: number): Usage {
    let connections = 0;
    let tokens = 0;
    for (const row of view?.others ?? []) {
      if (row.endpoint !== name) continue;
      const usage = row.usage.total(wall);
      connections += usage.connections;
      tokens += usage.tokens;
    }
    return { connections, tokens };
  }

  private routed(entry: Entry): RoutedEndpoint {
    const { endpoint, rotation, stats } = entry;
    const takenOut = (reason: OutReason, forMs: number | undefined): boolean => {
      if (forMs === undefined) return false;
      stats.refusals[reason]++;
      this.options.logger.warn(
        { endpoint: endpoint.name, reason, forMs: Math.round(forMs) },
        "voice live endpoint out of rotation",
      );
      return true;
    };
    return {
      name: endpoint.name,
      url: endpoint.realtimeUrl,
      auth: endpoint.auth,
      opened: () => {
        stats.connections++;
        rotation.succeeded();
      },
      refused: (status, retryAfterMs) => {
        // 429, and 503 with the service's own pause, say "busy"; anything else says "broken".
        if (status === 429 || status === 503) takenOut("throttled", rotation.throttled(retryAfterMs));
        else takenOut("refused", rotation.failed("refused"));
      },
      unreachable: () => {
        takenOut("unreachable", rotation.failed("unreachable"));
      },
      dropped: () => {},
      tokens: (count) => {
        if (!(count > 0)) return;
        stats.tokens += count;
        entry.own.add(this.options.wallClock(), { tokens: count });
        this.persist(entry, false);
      },
      responseFailed: (code, retryAfterMs) =>
        takenOut("failing-responses", rotation.responseFailed(code, retryAfterMs)),
    };
  }

  /** Writes this replica's row of the endpoint: at once for a connection, batched for tokens. */
  private persist(entry: Entry, now: boolean): void {
    if (!this.options.ledger.shared || this.closed) return;
    entry.dirty = true;
    if (now) {
      void this.flush(entry);
      return;
    }
    this.flushLater(TOKEN_FLUSH_MS);
  }

  /** One timer for every endpoint's pending write. */
  private flushLater(delayMs: number): void {
    if (this.closed) return;
    this.flushTimer ??= this.options.clock.setTimeout(() => {
      this.flushTimer = undefined;
      for (const dirty of this.entries.filter((candidate) => candidate.dirty)) void this.flush(dirty);
    }, delayMs);
  }

  /** One write per endpoint at a time; what changed meanwhile goes in the next one. */
  private async flush(entry: Entry): Promise<void> {
    if (entry.writing || !entry.dirty) return;
    entry.writing = true;
    entry.dirty = false;
    let written = false;
    try {
      await this.options.ledger.write(entry.endpoint.name, entry.own.encode(this.options.wallClock()));
      written = true;
    } catch (error) {
      // Tried again shortly; reads tell whether the store is reachable, so no log line per write.
      entry.dirty = true;
      this.flushLater(WRITE_RETRY_MS);
      this.options.logger.debug(
        { endpoint: entry.endpoint.name, err: errorLabel(error) },
        "voice live usage not written",
      );
    } finally {
      entry.writing = false;
    }
    if (written && entry.dirty && !this.closed) void this.flush(entry);
  }
}
