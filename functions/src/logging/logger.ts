// The app's log sink. Fields are flat scalars so that no payload object can slip into a log line by
// accident; identifiers are masked by the caller (see @acs-voice/shared privacy).
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
