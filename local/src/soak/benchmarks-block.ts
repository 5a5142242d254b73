// The long soak's result lives in BENCHMARKS.md between two markers: `npm run soak -- ... --write` puts it
// there, and `npm run bench`, which rewrites the file, carries it over unchanged.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BENCHMARKS_PATH = fileURLToPath(new URL("../../../BENCHMARKS.md", import.meta.url));
const BEGIN = "<!-- soak:begin (written by npm run soak -- --write) -->";
const END = "<!-- soak:end -->";

export function readSoakBlock(path = BENCHMARKS_PATH): string | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  return begin >= 0 && end > begin ? text.slice(begin, end + END.length) : undefined;
}

/** Replaces (or appends) the soak block with `markdown`. */
export function writeSoakBlock(markdown: string, path = BENCHMARKS_PATH): void {
  const block = `${BEGIN}\n${markdown.trim()}\n${END}`;
  const text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const current = readSoakBlock(path);
  const next = current ? text.replace(current, block) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
