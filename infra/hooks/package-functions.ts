// azd `prepackage` hook of the functions service: bundles functions/src/index.ts and everything it imports
// (the `shared` workspace included) into one ESM file, so that azd can zip a self-contained folder and
// deploy it with remoteBuild: false. A remote Oryx build would only see functions/ and could not resolve
// the workspace dependency.
//
// Output (functions/dist/azure-package/, ignored by git with the rest of dist/):
//   index.mjs      the app, bundled; `@azure/functions-core` stays external (the Functions host provides it)
//   host.json      copied from functions/
//   package.json   { "main": "index.mjs", "type": "module" } and no dependencies
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export interface PackageFunctionsOptions {
  repoRoot: string;
  /** Defaults to functions/dist/azure-package. */
  outDir?: string;
}

// Bundled CommonJS dependencies (jose, the Azure SDKs) call require(); in an ESM bundle that needs a real
// require, which also lets @azure/functions reach the host-provided `@azure/functions-core`.
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export async function packageFunctions(options: PackageFunctionsOptions): Promise<string> {
  const functionsDir = join(options.repoRoot, "functions");
  const outDir = options.outDir ?? join(functionsDir, "dist", "azure-package");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(functionsDir, "src", "index.ts")],
    outfile: join(outDir, "index.mjs"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    sourcemap: true,
    legalComments: "none",
    logLevel: "warning",
    banner: { js: REQUIRE_SHIM },
    external: ["@azure/functions-core"],
    // Sources, not the workspace's dist/, so that no prior `tsc -b` is needed.
    alias: { "@acs-voice/shared": join(options.repoRoot, "shared", "src", "index.ts") },
  });
  copyFileSync(join(functionsDir, "host.json"), join(outDir, "host.json"));
  const manifest = { name: "acs-voice-functions", private: true, type: "module", main: "index.mjs" };
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  packageFunctions({ repoRoot })
    .then((outDir) => console.log(`functions bundled into ${outDir}`))
    .catch((error: unknown) => {
      console.error(`package-functions: ${error instanceof Error ? error.message : "failed"}`);
      process.exitCode = 1;
    });
}
