// Azure Functions entry (package.json `main`): reads the app settings once and registers the route table.
import { app } from "@azure/functions";
import { createAppDependencies } from "./app-dependencies.js";
import { toAzureHandler, toAzureTimerHandler } from "./azure-adapter.js";
import { createControlPlane } from "./control-plane/control-plane.js";
import { loadControlPlaneSettings } from "./control-plane/control-plane-settings.js";
import type { Route } from "./http/route.js";
import type { Job } from "./jobs/job.js";
import { timerSchedule } from "./jobs/timer-schedule.js";
import { createJobs, createRoutes, createUnconfiguredRoutes } from "./routes.js";
import { ConfigurationError } from "./settings/configuration-error.js";
import { loadSettings } from "./settings/settings.js";

function appFromEnvironment(): { routes: Route[]; jobs: Job[] } {
  try {
    const settings = loadSettings(process.env);
    const controlPlane = createControlPlane(loadControlPlaneSettings(process.env));
    const deps = createAppDependencies(settings, { controlPlane });
    return { routes: createRoutes(deps), jobs: createJobs(deps) };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    return { routes: createUnconfiguredRoutes(error), jobs: [] };
  }
}

const { routes, jobs } = appFromEnvironment();
for (const job of jobs) {
  app.timer(job.name, {
    schedule: timerSchedule(job.everySeconds),
    handler: toAzureTimerHandler(job),
  });
}
for (const route of routes) {
  app.http(route.name, {
    route: route.route ?? route.name,
    methods: [...route.methods],
    authLevel: route.authLevel,
    handler: toAzureHandler(route),
  });
}
