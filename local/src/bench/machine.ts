import os from "node:os";

/** Where and how the figures were taken, for the top of BENCHMARKS.md. */
export function describeMachine(command: string, date: Date): string {
  const cpus = os.cpus();
  const [load1, load5] = os.loadavg();
  return [
    `- Command: \`${command}\``,
    `- Date: ${date.toISOString()}`,
    `- CPU: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} logical cores (${os.arch()}); memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `- OS: ${os.type()} ${os.release()}`,
    `- Node: ${process.version} (V8 ${process.versions.v8})`,
    `- Load average when the run started: ${load1?.toFixed(2)} (1 min), ${load5?.toFixed(2)} (5 min)`,
  ].join("\n");
}
