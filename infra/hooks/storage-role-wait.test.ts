// The pre-deploy wait for the identity's Blob role, on a fake clock: no wait for an old assignment, the rest of
// the settle time for a new one, a bounded search for one not listed yet, and never an exception.
import { describe, expect, it } from "vitest";
import { type RoleAssignmentInfo, type RoleWaitDeps, waitForRoleToSettle } from "./storage-role-wait.js";

const BLOB_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
const T0 = Date.parse("2026-01-01T12:00:00Z");

function fakeArm(answers: Array<RoleAssignmentInfo[] | Error>) {
  let clock = T0;
  const sleeps: number[] = [];
  const logs: string[] = [];
  const deps: RoleWaitDeps = {
    async listAssignments() {
      const next = answers.length > 1 ? answers.shift() : answers[0];
      if (next instanceof Error) throw next;
      return next ?? [];
    },
    now: () => clock,
    async sleep(ms) {
      sleeps.push(ms);
      clock += ms;
    },
    log: (line) => logs.push(line),
  };
  return { deps, sleeps, logs };
}

const assigned = (secondsAgo: number): RoleAssignmentInfo => ({
  roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${BLOB_OWNER.toUpperCase()}`,
  createdOn: new Date(T0 - secondsAgo * 1000).toISOString(),
});
const options = { roleDefinitionGuid: BLOB_OWNER, roleName: "Storage Blob Data Owner", settleMs: 300_000 };

describe("waitForRoleToSettle", () => {
  it("does not wait for an assignment older than the settle time", async () => {
    const arm = fakeArm([[assigned(301)]]);
    expect(await waitForRoleToSettle(arm.deps, options)).toBe("in-effect");
    expect(arm.sleeps).toEqual([]);
  });

  it("waits the rest of the settle time for a fresh assignment", async () => {
    const arm = fakeArm([
      [{ roleDefinitionId: "/x/roleDefinitions/other", createdOn: undefined }, assigned(60)],
    ]);
    expect(await waitForRoleToSettle(arm.deps, options)).toBe("waited");
    expect(arm.sleeps).toEqual([240_000]);
    expect(arm.logs[0]).toContain("azure-dev#8026");
  });

  it("looks again while the assignment is not listed, then gives up and deploys", async () => {
    const arm = fakeArm([[], [], [assigned(0)]]);
    expect(await waitForRoleToSettle(arm.deps, { ...options, pollMs: 1000 })).toBe("waited");
    expect(arm.sleeps).toEqual([1000, 1000, 298_000]);
    const never = fakeArm([[]]);
    expect(
      await waitForRoleToSettle(never.deps, { ...options, pollMs: 60_000, findTimeoutMs: 120_000 }),
    ).toBe("not-found");
    expect(never.sleeps).toEqual([60_000, 60_000]);
    expect(never.logs.at(-1)).toContain("azd deploy functions");
  });

  it("deploys without waiting when the assignments cannot be read", async () => {
    const arm = fakeArm([Object.assign(new Error("forbidden"), { status: 403 })]);
    expect(await waitForRoleToSettle(arm.deps, options)).toBe("unreadable");
    expect(arm.logs[0]).toContain("HTTP 403");
    expect(arm.sleeps).toEqual([]);
  });
});
