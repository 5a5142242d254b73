// Azure Functions entry (package.json `main`): reads the app settings once and registers the route table.
import { app } from "@azure/functions";
import { createAppDependencies } from "./app-dependencies.js";
import { toAzureHandler } from "./azure-adapter.js";
import { createControlPlane } from "./control-plane/control-plane.js";
import { loadControlPlaneSettings } from "./control-plane/control-plane-settings.js";
import type { Route } from "./http/route.js";
import { createRoutes, createUnconfiguredRoutes } from "./routes.js";
import { ConfigurationError } from "./settings/configuration-error.js";
import { loadSettings } from "./settings/settings.js";

function routesFromEnvironment(): Route[] {
  try {
    const settings = loadSettings(process.env);
    const controlPlane = createControlPlane(loadControlPlaneSettings(process.env));
    return createRoutes(createAppDependencies(settings, { controlPlane }));
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    return createUnconfiguredRoutes(error);
  }
}

for (const route of routesFromEnvironment()) {
  app.http(route.name, {
    route: route.route ?? route.name,
    methods: [...route.methods],
    authLevel: route.authLevel,
    handler: toAzureHandler(route),
  });
}
