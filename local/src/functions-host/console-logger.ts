import type { LogFields, Logger } from "@acs-voice/functions/app";

/** One JSON line per entry on stderr, the shape `npm start` and the CLI print. */
export function createConsoleLogger(
  component: string,
  write: (line: string) => void = (line) => console.error(line),
): Logger {
  const entry = (level: string) => (message: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields }));
  return { info: entry("info"), warn: entry("warn"), error: entry("error") };
}
