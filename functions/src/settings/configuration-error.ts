/** One or more settings are missing or invalid. The message names each setting and never quotes a value. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  constructor(readonly problems: readonly SettingProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.setting}: ${p.problem}`).join("; ")}`);
  }
}

export interface SettingProblem {
  setting: string;
  problem: string;
}
