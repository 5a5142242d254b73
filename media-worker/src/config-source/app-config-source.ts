// Run-time settings from Azure App Configuration: the `voicebot:` keys with the environment's label,
// loaded through the configuration provider and reloaded when the sentinel key changes. A new prompt
// applies to the next call without a restart. Explicit env vars win; an invalid value is reported by key
// and the calls keep the last good settings.
import { type Clock, errorLabel, type TimerHandle } from "@acs-voice/shared";
import {
  type AzureAppConfiguration,
  type AzureAppConfigurationOptions,
  load,
} from "@azure/app-configuration-provider";
import { DefaultAzureCredential } from "@azure/identity";
import type { Logger } from "../logger.js";
import {
  type CallSettings,
  KEY_PREFIX,
  mergeCallSettings,
  parseCallSettings,
  SENTINEL_KEY,
} from "./call-settings.js";

export interface AppConfigSourceOptions {
  /** `Endpoint=…;Id=…;Secret=…` (the emulator, or keys), or the store's endpoint (managed identity). */
  target: { connectionString: string } | { endpoint: string };
  /** The label of this environment; unlabelled key-values when absent. */
  label: string | undefined;
  /** Explicit env overrides (already validated); they win over the store. */
  overrides: CallSettings;
  clock: Clock;
  logger: Logger;
  /** How often the sentinel is checked; default 30 s (the provider's minimum is 1 s). */
  refreshIntervalMs?: number;
  /** How long startup waits for the store; default 10 s. */
  startupTimeoutMs?: number;
  /** The provider's `load`; replaced in tests. */
  loadConfiguration?: typeof load;
}

export const DEFAULT_REFRESH_INTERVAL_MS = 30_000;
/** How long startup waits for the store before the worker starts with its own settings. */
const STARTUP_TIMEOUT_MS = 10_000;
const PROVIDER_MIN_REFRESH_MS = 1000;
/** The provider's null-label filter. */
const NO_LABEL = "\0";

export class AppConfigSource {
  readonly #options: AppConfigSourceOptions;
  #store: AzureAppConfiguration | undefined;
  #current: CallSettings;
  #timer: TimerHandle | undefined;
  #closed = false;
  #refreshing = false;
  /** Bumped on each applied change, for logs and tests. */
  #version = 0;

  private constructor(options: AppConfigSourceOptions) {
    this.#options = options;
    this.#current = options.overrides;
  }

  /**
   * Loads the settings (bounded wait). If the store cannot be reached, the worker runs with its own
   * settings and keeps trying in the background.
   */
  static async start(options: AppConfigSourceOptions): Promise<AppConfigSource> {
    const source = new AppConfigSource(options);
    await source.#connect();
    source.#schedule();
    return source;
  }

  /** The settings for the next call: the last good store values with the env overrides on top. */
  current(): CallSettings {
    return this.#current;
  }

  get version(): number {
    return this.#version;
  }

  /** Checks the sentinel now (the provider skips the request until its interval has passed). */
  async refresh(): Promise<void> {
    if (this.#closed || this.#refreshing) return;
    this.#refreshing = true;
    try {
      if (this.#store === undefined) await this.#connect();
      else await this.#store.refresh();
    } catch (error) {
      this.#options.logger.warn(
        { err: errorLabel(error) },
        "App Configuration refresh failed; keeping the last good settings",
      );
    } finally {
      this.#refreshing = false;
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #connect(): Promise<void> {
    const options = this.#options;
    const label = options.label ?? NO_LABEL;
    const endpoint =
      "connectionString" in options.target
        ? (/(?:^|;)\s*endpoint=([^;]+)/i.exec(options.target.connectionString)?.[1] ?? "")
        : options.target.endpoint;
    const insecure = endpoint.startsWith("http://");
    const providerOptions: AzureAppConfigurationOptions = {
      selectors: [{ keyFilter: `${KEY_PREFIX}*`, labelFilter: label }],
      trimKeyPrefixes: [KEY_PREFIX],
      refreshOptions: {
        enabled: true,
        // Our own timer paces the checks (refreshIntervalMs); the provider only throttles to its minimum.
        refreshIntervalInMs: PROVIDER_MIN_REFRESH_MS,
        watchedSettings: [{ key: SENTINEL_KEY, label }],
      },
      startupOptions: { timeoutInMs: options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS },
      // A store on loopback (the emulator) has no replicas to discover, and speaks plain http.
      ...(insecure
        ? { replicaDiscoveryEnabled: false, clientOptions: { allowInsecureConnection: true } }
        : {}),
    };
    const loadConfiguration = options.loadConfiguration ?? load;
    try {
      const store =
        "connectionString" in options.target
          ? await loadConfiguration(options.target.connectionString, providerOptions)
          : await loadConfiguration(options.target.endpoint, new DefaultAzureCredential(), providerOptions);
      this.#store = store;
      store.onRefresh(() => this.#apply(store, "reloaded"));
      this.#apply(store, "loaded");
    } catch (error) {
      options.logger.error(
        { err: errorLabel(error) },
        "App Configuration could not be loaded; using the worker's own settings until it can",
      );
    }
  }

  #apply(store: ReadonlyMap<string, unknown>, what: "loaded" | "reloaded"): void {
    const parsed = parseCallSettings(store);
    if (!parsed.ok) {
      // Named by key, never by value (a prompt may be confidential).
      this.#options.logger.error(
        { problems: parsed.problems },
        "App Configuration has invalid values; calls keep the last good settings",
      );
      return;
    }
    this.#current = mergeCallSettings(parsed.settings, this.#options.overrides);
    this.#version += 1;
    this.#options.logger.info(
      { version: this.#version, keys: [...store.keys()].length },
      `App Configuration ${what}`,
    );
  }

  #schedule(): void {
    if (this.#closed) return;
    const intervalMs = Math.max(
      PROVIDER_MIN_REFRESH_MS,
      this.#options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
    );
    this.#timer = this.#options.clock.setTimeout(() => {
      void this.refresh().finally(() => this.#schedule());
    }, intervalMs);
  }
}
