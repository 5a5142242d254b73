// The functions dev host and the Azurite launcher it runs against locally.
export {
  AZURITE_ACCOUNT_KEY,
  AZURITE_ACCOUNT_NAME,
  type Azurite,
  type AzuriteOptions,
  startAzurite,
} from "../azurite/index.js";
export { createConsoleLogger } from "./console-logger.js";
export { createRouteServer } from "./route-server.js";
export { type FunctionsHost, type FunctionsHostOptions, startFunctionsHost } from "./start-functions-host.js";
