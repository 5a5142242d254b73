import { type Logger, pino } from "pino";

export type { Logger };

/**
 * JSON logs on stdout. Messages are static and ids are fields; nothing logged carries a token, key,
 * payload or full phone number. The redaction list is a second line of defence for fields that should
 * never be passed in the first place.
 */
export function createLogger(level = "info"): Logger {
  return pino({
    level,
    base: { service: "media-worker" },
    redact: {
      paths: [
        "authorization",
        "headers.authorization",
        "*.authorization",
        "apiKey",
        "*.apiKey",
        "token",
        "*.token",
      ],
      censor: "[redacted]",
    },
  });
}

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
