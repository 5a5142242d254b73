// One hub's membership: its client sessions, which connections are in which group, and the user-group
// mappings that the REST `users/{user}/groups/{group}` operations keep (they also apply to the user's
// later connections, as on Azure). Sending picks targets here and hands each a data message.
import type { ClientSession } from "./client-session.js";
import type { ConnectionFilter } from "./odata-filter.js";
import type { DataMessage } from "./server-frames.js";

export interface SendScope {
  excluded?: ReadonlySet<string>;
  filter?: ConnectionFilter;
}

/** Why a session is being dropped by the hub (1008: clients must not try to recover it). */
export type DropSession = (session: ClientSession, reason: string) => void;

export class Hub {
  readonly name: string;
  readonly sessions = new Map<string, ClientSession>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #userGroups = new Map<string, Set<string>>();
  readonly #drop: DropSession;

  constructor(name: string, drop: DropSession) {
    this.name = name;
    this.#drop = drop;
  }

  add(session: ClientSession, initialGroups: readonly string[]): void {
    this.sessions.set(session.connectionId, session);
    for (const group of initialGroups) this.join(session, group);
    if (session.userId !== undefined) {
      for (const group of this.#userGroups.get(session.userId) ?? []) this.join(session, group);
    }
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

  addUserToGroup(userId: string, group: string): void {
    let groups = this.#userGroups.get(userId);
    if (!groups) {
      groups = new Set();
      this.#userGroups.set(userId, groups);
    }
    groups.add(group);
    for (const session of this.userSessions(userId)) this.join(session, group);
  }

  removeUserFromGroup(userId: string, group: string): void {
    this.#userGroups.get(userId)?.delete(group);
    for (const session of this.userSessions(userId)) this.leave(session, group);
  }

  removeUserFromAllGroups(userId: string): void {
    this.#userGroups.delete(userId);
    for (const session of this.userSessions(userId)) {
      for (const group of [...session.groups]) this.leave(session, group);
    }
  }

  groupSessions(group: string): ClientSession[] {
    return [...(this.#groups.get(group) ?? [])].flatMap((id) => {
      const session = this.sessions.get(id);
      return session ? [session] : [];
    });
  }

  userSessions(userId: string): ClientSession[] {
    return [...this.sessions.values()].filter((session) => session.userId === userId);
  }

  groupNames(): string[] {
    return [...this.#groups.keys()];
  }

  /** Delivers to each target in scope; a reliable client whose backlog is full is dropped. */
  send(targets: Iterable<ClientSession>, message: DataMessage, scope: SendScope = {}): number {
    let delivered = 0;
    for (const session of [...targets]) {
      if (scope.excluded?.has(session.connectionId)) continue;
      if (scope.filter && !scope.filter(session)) continue;
      if (session.deliver(message)) delivered++;
      else this.#drop(session, "too many unacknowledged messages");
    }
    return delivered;
  }
}
