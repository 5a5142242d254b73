import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 (the OS picks it) that was free a moment ago, for child processes that cannot
 * report the port they bound (Azurite with port 0 says ":0"). Callers retry if another process takes it
 * in between.
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}
