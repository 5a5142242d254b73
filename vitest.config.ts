import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests run against the shared package's sources so that a change there needs no rebuild;
    // processes spawned by integration tests run the built `dist/` output instead.
    alias: {
      "@acs-voice/shared": fileURLToPath(new URL("./shared/src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["*/test/**/*.test.ts", "infra/**/*.test.ts"],
    exclude: ["**/node_modules/**", "infra/validate/test-fixtures/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
