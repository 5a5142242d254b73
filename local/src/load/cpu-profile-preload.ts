// Loaded with `--import` (NODE_OPTIONS) into the worker under test when the bench profiles it: `--cpu-prof`
// itself is not allowed in NODE_OPTIONS. Profiles the main thread from start to exit and writes a
// `.cpuprofile` (Chrome DevTools format) into CPU_PROFILE_DIR.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const directory = process.env.CPU_PROFILE_DIR;
if (directory) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  process.once("exit", () => {
    // The in-process inspector answers synchronously, so this completes before the process ends.
    session.post("Profiler.stop", (error, result) => {
      if (!error) {
        writeFileSync(
          path.join(directory, `worker-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
      }
    });
  });
}
