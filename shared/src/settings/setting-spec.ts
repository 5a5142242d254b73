// How a service declares the settings it reads (environment variables; App Settings in Azure). Each
// service exports its list; the settings catalog of `npm run dev`, the `.env.example` check and the infra
// lint's required-settings rule are derived from those lists, and each service's readers take a
// `SettingsEnv` of its own names, so a setting read without being declared does not compile.

export interface SettingSpec {
  /** The name, the same in Azure and in `.env`. */
  readonly name: string;
  /** What it is for, in a few words (`.env.example` says it at length). */
  readonly description: string;
  /**
   * `true`: the service does not start without it; a group name: it does not start without one of the
   * settings of that group; `false`: optional.
   */
  readonly required: boolean | string;
  /** The value the service uses when it is unset, written as one would set it. */
  readonly default?: string;
  /** Optional to start, but a deployment to Azure must set it (the user-assigned identity, telemetry). */
  readonly requiredInAzure?: true;
  /** Set by the hosting platform (App Service, Container Apps), never by hand: no `.env` entry. */
  readonly setByPlatform?: true;
}

/** What a service's readers take: its declared settings, each possibly unset. `process.env` fits it. */
export type SettingsEnv<Name extends string> = { readonly [K in Name]?: string | undefined };

/** The names of a declared list (`as const`). */
export type SettingName<Specs extends readonly SettingSpec[]> = Specs[number]["name"];
