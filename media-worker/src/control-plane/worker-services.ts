// The worker's optional services, started by main.ts from the environment: run-time settings from App
// Configuration and the Web PubSub control plane. Each is off when its settings are absent.
import type { Clock } from "@acs-voice/shared";
import type { WorkerConfig } from "../config.js";
import { parseAppConfigSettings } from "../config-source/app-config-settings.js";
import { AppConfigSource } from "../config-source/app-config-source.js";
import { applyCallSettings } from "../config-source/apply-call-settings.js";
import { envOverrides } from "../config-source/call-settings.js";
import type { Logger } from "../logger.js";
import type { CallSession } from "../session/call-session.js";
import type { WorkerEnv } from "../settings-schema.js";
import { createWebPubSubService, parseControlPlaneConfig } from "./control-plane-config.js";
import { superviseCalls } from "./supervise-calls.js";
import { WorkerControlPlane } from "./worker-control-plane.js";

export interface WorkerServices {
  /** For createMediaServer. */
  deps: { configForCall?: () => WorkerConfig; onCallStarted?: (session: CallSession) => void };
  close(): Promise<void>;
}

export type WorkerServicesResult = { ok: true; services: WorkerServices } | { ok: false; problems: string[] };

export async function startWorkerServices(
  config: WorkerConfig,
  env: WorkerEnv,
  logger: Logger,
  clock: Clock,
): Promise<WorkerServicesResult> {
  const appConfig = parseAppConfigSettings(env);
  const controlPlane = parseControlPlaneConfig(env);
  const overrides = envOverrides(env);
  const problems = [
    ...(appConfig.ok ? [] : appConfig.problems),
    ...(controlPlane.ok ? [] : controlPlane.problems),
    ...(overrides.ok ? [] : overrides.problems),
  ];
  if (!appConfig.ok || !controlPlane.ok || !overrides.ok) return { ok: false, problems };

  const deps: WorkerServices["deps"] = {};
  let source: AppConfigSource | undefined;
  if (appConfig.settings) {
    source = await AppConfigSource.start({
      ...appConfig.settings,
      overrides: overrides.settings,
      clock,
      logger: logger.child({ component: "app-configuration" }),
    });
    const settingsSource = source;
    deps.configForCall = () => applyCallSettings(config, settingsSource.current());
  } else {
    // Without a store the env still sets what the startup configuration has no field for (VAD_*).
    const fixed = applyCallSettings(config, overrides.settings);
    deps.configForCall = () => fixed;
  }
  logger.info(
    { appConfiguration: source ? "on" : "off", controlPlane: controlPlane.config ? "on" : "off" },
    "worker services",
  );

  let plane: WorkerControlPlane | undefined;
  if (controlPlane.config) {
    plane = new WorkerControlPlane({
      service: createWebPubSubService(controlPlane.config),
      workerId: controlPlane.config.workerId,
      logger: logger.child({ component: "control-plane" }),
      clock,
    });
    const configForCall = deps.configForCall ?? (() => config);
    deps.onCallStarted = superviseCalls(plane, {
      logger,
      transferNumber: () => configForCall().callControl.tools.transferNumber,
    });
  }

  return {
    ok: true,
    services: {
      deps,
      async close() {
        source?.close();
        await plane?.close();
      },
    },
  };
}
