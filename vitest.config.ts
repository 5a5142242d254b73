import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Three tiers, one `npm test` (all of them):
 * - unit: codecs, DSP, sessions on fake sockets and a fake clock, handlers with fakes. Seconds.
 *   `npx vitest run --project unit` (no build needed).
 * - integration: real processes and sockets against the emulators in local/ (the emulators' own tests
 *   included), Azurite tables. `npm run build && npx vitest run --project integration`.
 * - slow: the soak and the monitor page in a real browser. `npm run build && npx vitest run --project slow`.
 * A test file's tier follows from its name: `*.integration.test.ts`, `*.process.test.ts` (spawns the
 * built services) and `*.table.test.ts` (Azurite) are integration, `*.browser.test.ts` and soak are slow.
 */
const INTEGRATION = [
  "**/*.integration.test.ts",
  "**/*.process.test.ts",
  "**/*.table.test.ts",
  "local/test/**/*.test.ts",
];
const SLOW = ["**/*.browser.test.ts", "local/test/soak/**/*.test.ts"];
const NEVER = ["**/node_modules/**", "infra/validate/test-fixtures/**"];

export default defineConfig({
  resolve: {
    // Tests run against the shared package's sources so that a change there needs no rebuild;
    // processes spawned by integration tests run the built `dist/` output instead.
    alias: {
      "@acs-voice/shared": fileURLToPath(new URL("./shared/src/index.ts", import.meta.url)),
    },
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["*/test/**/*.test.ts", "infra/**/*.test.ts"],
          exclude: [...NEVER, ...INTEGRATION, ...SLOW],
        },
      },
      {
        extends: true,
        test: { name: "integration", include: INTEGRATION, exclude: [...NEVER, ...SLOW] },
      },
      {
        extends: true,
        test: { name: "slow", include: SLOW, exclude: NEVER },
      },
    ],
  },
});
