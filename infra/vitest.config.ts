// Runs the infra lint's and hooks' tests on their own: `npx vitest run --config infra/vitest.config.ts`.
// (The root config runs them too once its `include` lists `infra/**/*.test.ts`.)
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "validate/test-fixtures/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
