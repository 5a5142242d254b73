// Child process: Azurite's Table service from the repo's own dependency (its options are this process's
// arguments), plus what the runner asks of every child: stop when the runner is gone (its IPC channel
// closes), even if the runner was killed too abruptly to stop it. Data is in memory: nothing to save.
import { createRequire } from "node:module";
import { azuriteTableMain } from "../runner/azurite-child.js";

process.once("disconnect", () => process.exit(0));
createRequire(import.meta.url)(azuriteTableMain());
