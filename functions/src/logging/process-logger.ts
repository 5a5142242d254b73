import type { LogFields, Logger } from "./logger.js";

/**
 * For what happens outside any invocation (the ACS key endpoint failing between requests): one line on
 * the console, which the Functions host collects with the app's other logs.
 */
export const processLogger: Logger = {
  info: (message, fields) => console.info(line(message, fields)),
  warn: (message, fields) => console.warn(line(message, fields)),
  error: (message, fields) => console.error(line(message, fields)),
};

function line(message: string, fields: LogFields | undefined): string {
  return fields === undefined ? message : `${message} ${JSON.stringify(fields)}`;
}
