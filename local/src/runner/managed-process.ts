import { type ChildProcess, fork } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";

export interface ManagedProcessOptions {
  name: string;
  /** A built JS entry point, run with the current Node. */
  modulePath: string;
  args?: string[];
  env: Record<string, string | undefined>;
  /** stdout/stderr of the child go here (never to the console unless `echo` is set). */
  logFile: string;
  echo?: boolean;
  /** How long SIGTERM may take before SIGKILL. */
  stopGraceMs?: number;
  /** Working directory; default the runner's. */
  cwd?: string;
  /** "advanced" lets typed arrays (audio) cross the IPC channel as they are; default "json". */
  serialization?: "json" | "advanced";
}

/**
 * One child process of the offline system, with an IPC channel for structured messages, its output in a
 * log file, and a stop that always ends it (SIGTERM, then SIGKILL).
 */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private readonly exited: Promise<number | null>;
  private readonly stopGraceMs: number;
  private exitCode: number | null | undefined;
  private stopRequested = false;
  private stopPromise: Promise<number | null> | undefined;

  constructor(options: ManagedProcessOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    this.stopGraceMs = options.stopGraceMs ?? 5000;
    this.log = createWriteStream(options.logFile, { flags: "a" });
    this.child = fork(options.modulePath, options.args ?? [], {
      env: definedOnly(options.env),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: options.serialization ?? "json",
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    // A failed send (the child already gone) is reported by its exit, not as an unhandled error.
    this.child.on("error", (error) => this.log.write(`[runner] ${this.name}: ${error.message}\n`));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on("data", (chunk: Buffer) => {
        this.log.write(chunk);
        if (options.echo) {
          const lines = chunk.toString().replace(/\n$/, "").split("\n");
          process.stderr.write(`${lines.map((line) => `[${this.name}] ${line}`).join("\n")}\n`);
        }
      });
    }
    // Last resort if the runner itself dies (an uncaught error): no child outlives it.
    const killOnExit = () => this.child.kill("SIGKILL");
    process.once("exit", killOnExit);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        process.off("exit", killOnExit);
        this.exitCode = code ?? (signal ? 128 : null);
        resolve(this.exitCode);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the exit code when the child exits (for whatever reason). */
  get exit(): Promise<number | null> {
    return this.exited;
  }

  /** `stop()` was called: an exit from now on is expected, not a crash. */
  get stopping(): boolean {
    return this.stopRequested;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves with the first IPC message that matches, rejects if the child exits or time runs out. */
  waitForMessage<T>(match: (message: unknown) => message is T, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (!match(message)) return;
        cleanup();
        resolve(message);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${this.name} exited (code ${code}) before it was ready; see its log`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name} did not answer within ${timeoutMs} ms; see its log`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
      };
      this.child.on("message", onMessage);
      this.child.once("exit", onExit);
    });
  }

  onMessage(listener: (message: unknown) => void): void {
    this.child.on("message", listener);
  }

  send(message: unknown): void {
    if (this.running && this.child.connected)
      this.child.send(message as object, (error) => error && undefined);
  }

  /** Ends the child (SIGTERM, then SIGKILL after the grace) and closes its log; safe to call again. */
  stop(): Promise<number | null> {
    this.stopRequested = true;
    this.stopPromise ??= this.stopOnce();
    return this.stopPromise;
  }

  private async stopOnce(): Promise<number | null> {
    if (this.running) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), this.stopGraceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
    return this.exitCode ?? null;
  }
}

function definedOnly(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
