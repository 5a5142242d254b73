// One hub's membership: its client sessions and which connections are in which group. Sending picks
// targets here and hands each a data message.
import type { ClientSession } from "./client-session.js";
import type { DataMessage } from "./server-frames.js";

export interface SendScope {
  excluded?: ReadonlySet<string>;
}

/** Why a session is being dropped by the hub (1008: clients must not try to recover it). */
export type DropSession = (session: ClientSession, reason: string) => void;

export class Hub {
  readonly name: string;
  readonly sessions = new Map<string, ClientSession>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #drop: DropSession;

  constructor(name: string, drop: DropSession) {
    this.name = name;
    this.#drop = drop;
  }

  add(session: ClientSession, initialGroups: readonly string[]): void {
    this.sessions.set(session.connectionId, session);
    for (const group of initialGroups) this.join(session, group);
  }

  remove(session: ClientSession): void {
    for (const group of [...session.groups]) this.leave(session, group);
    this.sessions.delete(session.connectionId);
  }

  join(session: ClientSession, group: string): void {
    session.groups.add(group);
    let members = this.#groups.get(group);
    if (!members) {
      members = new Set();
      this.#groups.set(group, members);
    }
    members.add(session.connectionId);
  }

  leave(session: ClientSession, group: string): void {
    session.groups.delete(group);
    const members = this.#groups.get(group);
    members?.delete(session.connectionId);
    if (members?.size === 0) this.#groups.delete(group);
  }

  groupSessions(group: string): ClientSession[] {
    return [...(this.#groups.get(group) ?? [])].flatMap((id) => {
      const session = this.sessions.get(id);
      return session ? [session] : [];
    });
  }

  groupNames(): string[] {
    return [...this.#groups.keys()];
  }

  /** Delivers to each target in scope; a reliable client whose backlog is full is dropped. */
  send(targets: Iterable<ClientSession>, message: DataMessage, scope: SendScope = {}): number {
    let delivered = 0;
    for (const session of [...targets]) {
      if (scope.excluded?.has(session.connectionId)) continue;
      if (session.deliver(message)) delivered++;
      else this.#drop(session, "too many unacknowledged messages");
    }
    return delivered;
  }
}
