// Azure Functions entry (package.json `main`): reads the app settings once and registers the route table.
import { app } from "@azure/functions";
import { createAppDependencies } from "./app-dependencies.js";
import { toAzureHandler } from "./azure-adapter.js";
import type { Route } from "./http/route.js";
import { createRoutes, createUnconfiguredRoutes } from "./routes.js";
import { ConfigurationError } from "./settings/configuration-error.js";
import { loadSettings } from "./settings/settings.js";

function routesFromEnvironment(): Route[] {
  try {
    return createRoutes(createAppDependencies(loadSettings(process.env)));
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    return createUnconfiguredRoutes(error);
  }
}

for (const route of routesFromEnvironment()) {
  app.http(route.name, {
    route: route.name,
    methods: [...route.methods],
    authLevel: route.authLevel,
    handler: toAzureHandler(route),
  });
}
