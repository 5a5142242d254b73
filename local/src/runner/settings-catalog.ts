// Every setting of the two services (names as in Azure), for `npm run dev`'s check and .env.example:
// derived from the list each service exports (FUNCTIONS_SETTINGS, WORKER_SETTINGS), plus the dev host's
// own. The services validate their settings in full when they start; this only lets `npm run dev` name
// what is missing before anything starts, and says which service reads what.
import { FUNCTIONS_SETTINGS } from "@acs-voice/functions/app";
import { WORKER_SETTINGS } from "@acs-voice/media-worker";
import { type SettingSpec, settingRequirements } from "@acs-voice/shared";

export type Service = "functions" | "media-worker";

export interface SettingInfo {
  name: string;
  services: readonly Service[];
  /** true: always needed; a group name: one of the settings of that group is needed. */
  required: boolean | string;
  description: string;
  /** The value used when unset, if any. */
  default?: string | undefined;
}

/** What the local functions host reads besides the app's settings (`npm run dev`). */
const DEV_HOST_SETTINGS: readonly SettingSpec[] = [
  { name: "FUNCTIONS_LOCAL_KEY", required: false, description: "local function key" },
  { name: "FUNCTIONS_PORT", required: false, default: "7071", description: "local functions host port" },
];

export const SETTINGS: readonly SettingInfo[] = catalogOf([
  ["functions", [...FUNCTIONS_SETTINGS, ...DEV_HOST_SETTINGS]],
  ["media-worker", WORKER_SETTINGS],
]);

/** One entry per name, in the order first declared; settings the platform sets are not for `.env`. */
function catalogOf(declared: [Service, readonly SettingSpec[]][]): SettingInfo[] {
  const byName = new Map<string, SettingInfo>();
  for (const [service, specs] of declared) {
    for (const spec of specs) {
      if (spec.setByPlatform) continue;
      const known = byName.get(spec.name);
      byName.set(
        spec.name,
        known
          ? { ...known, services: [...known.services, service] }
          : {
              name: spec.name,
              services: [service],
              required: spec.required,
              description: spec.description,
              default: spec.default,
            },
      );
    }
  }
  return [...byName.values()];
}

/** The missing required settings, by name ("A or B" for a group of alternatives). */
export function missingSettings(env: Readonly<Record<string, string | undefined>>): string[] {
  const present = (name: string) => (env[name]?.trim() ?? "") !== "";
  return settingRequirements(SETTINGS)
    .filter((names) => !names.some(present))
    .map((names) => names.join(" or "));
}
