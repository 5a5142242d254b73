// Settings for the hooks and scripts. azd passes its environment (including every Bicep output) to hooks as
// environment variables; a script started by hand falls back to the default azd environment's .env file
// (.azure/<name>/.env), so `npx tsx infra/scripts/...` works after `azd up` without exporting anything.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export type Env = Readonly<Record<string, string | undefined>>;

export class MissingSettingError extends Error {
  override readonly name = "MissingSettingError";
}

/** Parses a dotenv file as azd writes it: KEY="value" lines. */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? "";
    if (/^".*"$/.test(value) || /^'.*'$/.test(value)) value = value.slice(1, -1).replace(/\\"/g, '"');
    values[match[1]] = value;
  }
  return values;
}

function defaultEnvironmentValues(repoRoot: string): Record<string, string> {
  const configPath = join(repoRoot, ".azure", "config.json");
  if (!existsSync(configPath)) return {};
  const config = parse(readFileSync(configPath, "utf8")) as { defaultEnvironment?: unknown } | null;
  const name = typeof config?.defaultEnvironment === "string" ? config.defaultEnvironment : undefined;
  const dotenvPath = name ? join(repoRoot, ".azure", name, ".env") : undefined;
  return dotenvPath && existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath, "utf8")) : {};
}

/** The process environment over the default azd environment's values. */
export function loadAzdEnv(repoRoot: string, env: Env = process.env): Env {
  return { ...defaultEnvironmentValues(repoRoot), ...env };
}

export function requireSettings<const Name extends string>(
  env: Env,
  names: readonly Name[],
): Record<Name, string> {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new MissingSettingError(
      `missing ${missing.join(", ")}: run this from azd (a hook) or after \`azd provision\` in this folder`,
    );
  }
  return Object.fromEntries(names.map((name) => [name, (env[name] ?? "").trim()])) as Record<Name, string>;
}
