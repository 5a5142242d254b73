// Azurite (Table Storage) as one of the runner's managed children: where its entry point is, and when it
// is up (it reports no port over IPC, so its port is probed).

import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import type { ManagedProcess } from "./managed-process.js";

/** Arguments for an in-memory Table service on 127.0.0.1:port, quiet and without telemetry. */
export function azuriteTableArgs(port: number): string[] {
  return [
    "--tableHost",
    "127.0.0.1",
    "--tablePort",
    String(port),
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--inMemoryPersistence",
  ];
}

/** Azurite's Table service from the repo's own dependency (no global install, no install script). */
export function azuriteTableMain(): string {
  const packageJson = createRequire(import.meta.url).resolve("azurite/package.json");
  return join(dirname(packageJson), "dist/src/table/main.js");
}

/** Azurite reports no port over IPC: it is up once its port accepts connections. */
export function waitForPort(port: number, timeoutMs: number, child: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const probe = () => {
      if (!child.running) {
        reject(new Error(`${child.name} exited before it was listening; see its log`));
        return;
      }
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`${child.name} not listening after ${timeoutMs} ms`));
        else setTimeout(probe, 50);
      });
    };
    probe();
  });
}
