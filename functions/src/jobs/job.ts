// A piece of work the app runs on a schedule (Azure: a timer trigger; the local dev host: an interval).
import type { Logger } from "../logging/logger.js";

export interface Job {
  /** Function name in Azure. */
  readonly name: string;
  /** Runs about this often. */
  readonly everySeconds: number;
  run(context: { log: Logger }): Promise<void>;
}
