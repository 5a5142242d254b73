// Azurite (Table Storage emulator) launcher for tests and local runs.

export {
  AZURITE_ACCOUNT_KEY,
  AZURITE_ACCOUNT_NAME,
  type Azurite,
  type AzuriteOptions,
  startAzurite,
} from "./start-azurite.js";
