// What a PubSub WebSocket client may do, from its token roles. `webpubsub.joinLeaveGroup` /
// `webpubsub.sendToGroup` cover every group; the `.<group>` suffix narrows a role to one group. Without a
// role a client may only send events.

export type GroupPermission = "joinLeaveGroup" | "sendToGroup";

const ROLE_PREFIX = "webpubsub.";

export class ClientPermissions {
  /** Entries are `<permission>` (every group) or `<permission>.<group>`. */
  readonly #grants = new Set<string>();

  constructor(roles: readonly string[]) {
    for (const role of roles) {
      if (role.startsWith(ROLE_PREFIX)) this.#grants.add(role.slice(ROLE_PREFIX.length));
    }
  }

  allows(permission: GroupPermission, group: string): boolean {
    return this.#grants.has(permission) || this.#grants.has(`${permission}.${group}`);
  }

  roles(): string[] {
    return [...this.#grants].map((grant) => `${ROLE_PREFIX}${grant}`);
  }
}
