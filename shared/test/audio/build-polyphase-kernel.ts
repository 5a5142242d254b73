// Compiles shared/src/audio/polyphase-kernel.wat and writes polyphase-kernel-wasm.ts next to it.
// Run after editing the .wat:  npx tsx shared/test/audio/build-polyphase-kernel.ts
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import wabtFactory from "wabt";

export const watPath = fileURLToPath(new URL("../../src/audio/polyphase-kernel.wat", import.meta.url));
export const generatedPath = fileURLToPath(
  new URL("../../src/audio/polyphase-kernel-wasm.ts", import.meta.url),
);

export async function compilePolyphaseKernel(): Promise<Uint8Array> {
  const wabt = await wabtFactory();
  const module = wabt.parseWat("polyphase-kernel.wat", await readFile(watPath, "utf8"), {
    simd: true,
    bulk_memory: true,
    sat_float_to_int: true,
  });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export function renderGeneratedModule(wasm: Uint8Array): string {
  const base64 = Buffer.from(wasm).toString("base64");
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    "// Generated from polyphase-kernel.wat by shared/test/audio/build-polyphase-kernel.ts. Do not edit.",
    "export const POLYPHASE_KERNEL_WASM_BASE64 =",
    `${lines.map((line) => `  "${line}"`).join(" +\n")};`,
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wasm = await compilePolyphaseKernel();
  await writeFile(generatedPath, renderGeneratedModule(wasm));
  process.stdout.write(`wrote ${generatedPath} (${wasm.length} bytes of WebAssembly)\n`);
}
