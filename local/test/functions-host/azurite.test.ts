import { connect } from "node:net";
import { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { startAzurite } from "../../src/azurite/index.js";

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("startAzurite", () => {
  it("serves Table Storage on a free loopback port and stops on close", async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.tableUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      const table = TableClient.fromConnectionString(azurite.connectionString, "probe", {
        allowInsecureConnection: true,
      });
      await table.createTable();
      await table.createEntity({ partitionKey: "p", rowKey: "r", value: 42 });
      const entity = await table.getEntity<{ value: number }>("p", "r");
      expect(entity.value).toBe(42);
    } finally {
      await azurite.close();
    }
    expect(await accepts(azurite.tableUrl)).toBe(false);
  });

  it("runs two instances side by side", async () => {
    const [a, b] = await Promise.all([startAzurite(), startAzurite()]);
    try {
      expect(a.tableUrl).not.toBe(b.tableUrl);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
