// Azurite's Table service as a child process, from the repo's own `azurite` dependency (no global
// install): the Table Storage of tests and of `npm start`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findFreePort } from "../net/free-port.js";

export const AZURITE_ACCOUNT_NAME = "devstoreaccount1";
// Azurite's well-known development key (public, documented); it only opens the local emulator.
export const AZURITE_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteOptions {
  /** Keep data on disk in this folder; in memory (gone on close) by default. */
  location?: string;
  startTimeoutMs?: number;
}

export interface Azurite {
  /** http://127.0.0.1:N/devstoreaccount1 */
  readonly tableUrl: string;
  /** Account connection string for @azure/data-tables and `AzureWebJobsStorage`. */
  readonly connectionString: string;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const DEFAULT_START_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;
const STOP_GRACE_MS = 3_000;

export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const workDir = await mkdtemp(join(tmpdir(), "azurite-"));
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort(HOST);
    const child = spawnAzurite(port, workDir, options.location);
    try {
      await waitUntilListening(child, port, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
      return running(child, port, workDir);
    } catch (error) {
      lastError = error;
      await stop(child);
    }
  }
  await rm(workDir, { recursive: true, force: true });
  throw new Error(
    `Azurite did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  );
}

function spawnAzurite(port: number, workDir: string, location: string | undefined): ChildProcess {
  const entry = join(
    dirname(createRequire(import.meta.url).resolve("azurite/package.json")),
    "dist/src/table/main.js",
  );
  const args = [
    entry,
    "--tableHost",
    HOST,
    "--tablePort",
    String(port),
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--silent",
    ...(location === undefined ? ["--inMemoryPersistence"] : ["--location", location]),
  ];
  // cwd is a private temp folder: whatever Azurite writes beside its data lands there, not in the repo.
  return spawn(process.execPath, args, { cwd: workDir, stdio: ["ignore", "ignore", "pipe"] });
}

function waitUntilListening(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(retry);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) =>
      finish(new Error(`exited with code ${code}: ${stderr.slice(-500).trim()}`));
    child.on("exit", onExit);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    const timer = setTimeout(() => finish(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs);
    let retry: NodeJS.Timeout | undefined;
    const probe = () => {
      const socket = connect(port, HOST);
      socket.once("connect", () => {
        socket.destroy();
        finish();
      });
      socket.once("error", () => {
        socket.destroy();
        if (!settled) retry = setTimeout(probe, 50);
      });
    };
    probe();
  });
}

function running(child: ChildProcess, port: number, workDir: string): Azurite {
  const tableUrl = `http://${HOST}:${port}/${AZURITE_ACCOUNT_NAME}`;
  // A test runner that dies must not leave Azurite behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let closing: Promise<void> | undefined;
  return {
    tableUrl,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=${tableUrl};`,
    close() {
      closing ??= (async () => {
        process.off("exit", killOnExit);
        await stop(child);
        await rm(workDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
