// What a PubSub WebSocket client may do, from its token roles and from permissions the server grants or
// revokes over REST. `webpubsub.joinLeaveGroup` / `webpubsub.sendToGroup` cover every group; the
// `.<group>` suffix narrows a role to one group. Without a role a client may only send events.

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

  /** REST grant: `targetName` absent means every group. */
  grant(permission: GroupPermission, targetName: string | undefined): void {
    this.#grants.add(targetName === undefined ? permission : `${permission}.${targetName}`);
  }

  revoke(permission: GroupPermission, targetName: string | undefined): void {
    this.#grants.delete(targetName === undefined ? permission : `${permission}.${targetName}`);
  }

  /** REST check: exactly the grant asked about, or the all-groups grant when a target is named. */
  has(permission: GroupPermission, targetName: string | undefined): boolean {
    return targetName === undefined ? this.#grants.has(permission) : this.allows(permission, targetName);
  }

  roles(): string[] {
    return [...this.#grants].map((grant) => `${ROLE_PREFIX}${grant}`);
  }
}

export function parseGroupPermission(value: string): GroupPermission | undefined {
  return value === "joinLeaveGroup" || value === "sendToGroup" ? value : undefined;
}
