// Before the first Functions deploy: wait until the managed identity's Blob role on the storage account is old
// enough to be in effect. A Flex Consumption deploy uploads the package to a blob container as that identity;
// right after `azd provision` created the role it can still get 403 and `azd up` stops (Azure/azure-dev#8026:
// a retry about a minute later succeeds). The wait is keyed on the assignment's own `createdOn`, so every later
// deploy finds an old assignment and does not wait at all.
//
// Never throws: this is a guard, not a gate. If the assignment cannot be read, the deploy goes ahead and the
// worst case is the 403 it would have hit anyway (infra/README.md says what to run then).

export interface RoleAssignmentInfo {
  /** '/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>' */
  roleDefinitionId: string;
  /** ISO time ARM recorded the assignment. */
  createdOn: string | undefined;
}

export interface RoleWaitDeps {
  /** The principal's role assignments that apply at the storage account. */
  listAssignments(): Promise<RoleAssignmentInfo[]>;
  now(): number;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

export interface RoleWaitOptions {
  roleDefinitionGuid: string;
  roleName: string;
  /** Age after which the assignment counts as in effect. Azure documents up to 10 minutes; ~1 is usual. */
  settleMs?: number;
  /** How long to look for an assignment that is not listed yet. */
  findTimeoutMs?: number;
  pollMs?: number;
}

export type RoleWaitOutcome = "in-effect" | "waited" | "not-found" | "unreadable";

export async function waitForRoleToSettle(
  deps: RoleWaitDeps,
  options: RoleWaitOptions,
): Promise<RoleWaitOutcome> {
  const settleMs = options.settleMs ?? 5 * 60_000;
  const findTimeoutMs = options.findTimeoutMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 15_000;
  const wanted = options.roleDefinitionGuid.toLowerCase();
  const started = deps.now();
  for (;;) {
    let assignments: RoleAssignmentInfo[];
    try {
      assignments = await deps.listAssignments();
    } catch (error) {
      deps.log(
        `Storage role: could not read role assignments (${describe(error)}); deploying without waiting. ` +
          "If the deploy fails with 403, wait a minute and run `azd deploy functions`.",
      );
      return "unreadable";
    }
    const match = assignments.find((a) => a.roleDefinitionId.toLowerCase().endsWith(`/${wanted}`));
    const createdMs = match?.createdOn ? Date.parse(match.createdOn) : Number.NaN;
    if (match && Number.isFinite(createdMs)) {
      const remainingMs = createdMs + settleMs - deps.now();
      if (remainingMs <= 0) return "in-effect";
      deps.log(
        `Storage role: '${options.roleName}' was assigned ${Math.round((deps.now() - createdMs) / 1000)} s ago; ` +
          `waiting ${Math.ceil(remainingMs / 1000)} s more before the first deploy so it is in effect (Azure/azure-dev#8026).`,
      );
      await deps.sleep(remainingMs);
      return "waited";
    }
    if (deps.now() - started >= findTimeoutMs) {
      deps.log(
        `Storage role: '${options.roleName}' is not listed for the app's identity; deploying anyway. ` +
          "If the deploy fails with 403, run `azd provision`, then `azd deploy functions`.",
      );
      return "not-found";
    }
    deps.log(
      `Storage role: '${options.roleName}' not listed yet; checking again in ${Math.round(pollMs / 1000)} s`,
    );
    await deps.sleep(pollMs);
  }
}

function describe(error: unknown): string {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") {
    return `HTTP ${error.status}`;
  }
  return error instanceof Error ? error.name : "unknown error";
}
