// Everything `azd up` provisions for the phone voice bot. Subscription scope so that azd can create the
// resource group; every resource lives in that group through the modules below.
//
// Identity model: the Functions app and the media worker each run as their own user-assigned managed identity,
// granted only the data-plane roles that app uses (infra/README.md, "Identities and roles", says which and
// why). The internet-facing worker has no role on the Functions host's storage (its keys and deployment
// package); the app's tables live in a data storage account both apps reach. No key, connection string or
// access token is written to an app setting or an output: every service is reached with Entra ID. The
// monitor's supervisors sign in with Entra ID too (modules/monitor-auth.bicep).
//
// The IncomingCall Event Grid subscription is NOT here: ARM refuses a subscription whose endpoint does not
// answer yet, and the function only exists after `azd deploy`. infra/hooks/postdeploy.ts creates it.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to derive a unique resource token and the resource group name.')
param environmentName string

// Only regions that offer every service below: Flex Consumption, Container Apps, Voice Live with gpt-realtime,
// Azure Speech HD voices (the default voice), Web PubSub and App Configuration. The list, its sources and how
// to check a region yourself: infra/README.md, "Regions". The same table is infra/hooks/regions.ts, and
// `npm run lint:infra` fails if this list names a region it does not mark as offering all of them.
@minLength(1)
@description('Region for every regional resource; only regions offering Flex Consumption, Container Apps, Voice Live (gpt-realtime), HD voices, Web PubSub and App Configuration.')
@allowed([
  'canadacentral'
  'centralindia'
  'eastus2'
  'francecentral'
  'southeastasia'
  'swedencentral'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd; gets App Configuration Data Owner so the postprovision hook can seed the settings.')
param principalId string = ''

@description('Client id of the Entra ID app registration supervisors sign in to the monitor with (app roles Monitor.Read and Calls.Act; infra/README.md, "Supervisor sign-in"). Empty: no sign-in, and the monitor answers 503 in Azure.')
param monitorAuthClientId string = ''

@description('Type of principalId: User for a developer, ServicePrincipal for a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Where ACS stores data at rest (ACS itself is a global resource).')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param acsDataLocation string = 'United States'

@description('True once azd has deployed the media worker: re-provisioning then keeps the running image instead of the placeholder.')
param mediaWorkerExists bool = false

@description('Image azd last deployed for the media worker (set by azd after a deploy); empty before the first deploy.')
param mediaWorkerImageName string = ''

@description('Voice Live model (a Voice Live realtime model name).')
param voiceLiveModel string = 'gpt-realtime'

@description('Azure AI Services resources that serve Voice Live. Each has its own quota (S0: 30 new connections and 120,000 tokens a minute); the worker spreads calls over them, keeps each within its budget and fails over between them (README.md, "Voice Live quotas and capacity").')
@minValue(1)
@maxValue(10)
param voiceLiveResourceCount int = 1

@description('Regions of the Voice Live resources, comma-separated, taken in turn (resource i goes to the (i mod n)th); empty: every one in `location`. Only regions that offer Voice Live with gpt-realtime and the HD voices: a call may move between resources, its voice with it.')
param voiceLiveLocations string = ''

@description('Audio format of the ACS media stream.')
@allowed([
  'pcm24KMono'
  'pcm16KMono'
])
param acsAudioFormat string = 'pcm24KMono'

@description('Replicas of the media worker that are always running (1 keeps calls answerable; 2 survives one replica restarting).')
@minValue(1)
param mediaWorkerMinReplicas int = 1

@description('Upper bound on media worker replicas.')
@minValue(1)
param mediaWorkerMaxReplicas int = 10

@description('New media WebSockets per replica (opened in the last 15 s, averaged) above which Container Apps adds a replica.')
@minValue(1)
param mediaWorkerCallsPerReplica int = 20

@description('Seconds between SIGTERM and SIGKILL on scale-in or deploy: the worker drains its live calls in this window.')
@minValue(30)
@maxValue(3600)
param mediaWorkerDrainSeconds int = 600

@description('Keep one Functions instance warm so that IncomingCall is answered without a cold start (billed while idle).')
param functionsAlwaysReady bool = true

@description('Web PubSub tier: Standard_S1 for production; Free_F1 (one per subscription, 20 connections, no SLA) for a trial.')
@allowed([
  'Free_F1'
  'Standard_S1'
])
param webPubSubSku string = 'Standard_S1'

@description('E.164 number outbound calls are placed from (a number this ACS resource owns). Empty disables outbound calls. The worker also shows it to a transfer target when ACS reports no number for the call.')
param acsCallerId string = ''

@description('The numbers this bot answers, comma-separated E.164; empty: every call to the resource. The postdeploy hook fills it in with the resource\'s numbers when it is empty, and filters the Event Grid subscription on it.')
param botPhoneNumbers string = ''

@description('E.164 number a call is transferred to when its audio cannot reach a worker; empty: a short tone, then the hang-up.')
param fallbackTransferNumber string = ''

@description('Where outbound calls and transfers may go: E.164 numbers or prefixes ending in *, comma-separated. Empty: only the transfer numbers (TRANSFER_NUMBER, FALLBACK_TRANSFER_NUMBER).')
param allowedDestinations string = ''

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'

// Regions that offer Voice Live with gpt-realtime and the HD voices (infra/hooks/regions.ts; the infra lint
// checks this list against it). Looking a region up here fails the deployment at validation for any other
// name, and the error lists these.
var voiceLiveRegions = {
  canadacentral: 'canadacentral'
  centralindia: 'centralindia'
  eastus2: 'eastus2'
  francecentral: 'francecentral'
  southeastasia: 'southeastasia'
  swedencentral: 'swedencentral'
  westus2: 'westus2'
}
var voiceLiveLocationList = empty(voiceLiveLocations) ? [location] : map(split(voiceLiveLocations, ','), region => toLower(trim(region)))
// The first resource keeps the name a single-resource deployment had, so adding resources adds, never moves.
var voiceLiveAccounts = [for i in range(0, voiceLiveResourceCount): {
  name: i == 0 ? '${abbrs.cognitiveServicesAccounts}${resourceToken}' : '${abbrs.cognitiveServicesAccounts}${resourceToken}-${i}'
  location: voiceLiveRegions[voiceLiveLocationList[i % length(voiceLiveLocationList)]]
}]
// The worker's pool (VOICE_LIVE_ENDPOINTS): every resource above by name, with the model; the endpoint is
// the one ai-services.bicep gives the account (its custom subdomain).
var voiceLiveEndpointEntries = map(voiceLiveAccounts, account => '${account.name}=https://${account.name}.cognitiveservices.azure.com/;model=${voiceLiveModel}')
var voiceLiveEndpointsSetting = join(voiceLiveEndpointEntries, ',')

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module functionsIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'functions-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}func-${resourceToken}'
    location: location
    tags: tags
  }
}

module workerIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'media-worker-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}media-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    workbookDisplayName: 'Voice bot calls (${environmentName})'
    functionsPrincipalId: functionsIdentity.outputs.principalId
    workerPrincipalId: workerIdentity.outputs.principalId
  }
}

module communication './modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    name: '${abbrs.communicationServices}${resourceToken}'
    systemTopicName: '${abbrs.eventGridSystemTopics}acs-${resourceToken}'
    dataLocation: acsDataLocation
    tags: tags
    functionsPrincipalId: functionsIdentity.outputs.principalId
    workerPrincipalId: workerIdentity.outputs.principalId
  }
}

// One per Voice Live resource, each with the worker's role on it (ai-services.bicep).
module voiceLive './modules/ai-services.bicep' = [for (account, i) in voiceLiveAccounts: {
  name: 'voice-live-${i}'
  scope: rg
  params: {
    name: account.name
    location: account.location
    tags: tags
    workerPrincipalId: workerIdentity.outputs.principalId
  }
}]

// The Functions host's own account (its keys and deployment package): the functions identity only.
module hostStorage './modules/host-storage.bicep' = {
  name: 'host-storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${take(functionAppName, 32)}'
    functionsPrincipalId: functionsIdentity.outputs.principalId
  }
}

// The app's tables, which both apps use: an account of their own, so the worker needs nothing on the host's.
module dataStorage './modules/data-storage.bicep' = {
  name: 'data-storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}data${resourceToken}'
    location: location
    tags: tags
    functionsPrincipalId: functionsIdentity.outputs.principalId
    workerPrincipalId: workerIdentity.outputs.principalId
  }
}

module registry './modules/container-registry.bicep' = {
  name: 'container-registry'
  scope: rg
  params: {
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    location: location
    tags: tags
    workerPrincipalId: workerIdentity.outputs.principalId
  }
}

module webPubSub './modules/web-pubsub.bicep' = {
  name: 'web-pubsub'
  scope: rg
  params: {
    name: '${abbrs.signalRServiceWebPubSub}${resourceToken}'
    location: location
    tags: tags
    skuName: webPubSubSku
    functionsPrincipalId: functionsIdentity.outputs.principalId
    workerPrincipalId: workerIdentity.outputs.principalId
  }
}

module appConfiguration './modules/app-configuration.bicep' = {
  name: 'app-configuration'
  scope: rg
  params: {
    name: '${abbrs.appConfigurationStores}${resourceToken}'
    location: location
    tags: tags
    workerPrincipalId: workerIdentity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module containerApps './modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module mediaWorker './modules/media-worker.bicep' = {
  name: 'media-worker'
  scope: rg
  params: {
    name: '${abbrs.appContainerApps}media-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'media-worker'
    exists: mediaWorkerExists
    imageName: mediaWorkerImageName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    environmentId: containerApps.outputs.id
    registryLoginServer: registry.outputs.loginServer
    identityId: workerIdentity.outputs.resourceId
    identityClientId: workerIdentity.outputs.clientId
    minReplicas: mediaWorkerMinReplicas
    maxReplicas: mediaWorkerMaxReplicas
    callsPerReplica: mediaWorkerCallsPerReplica
    drainSeconds: mediaWorkerDrainSeconds
    env: concat([
      {
        // Every Voice Live resource: the worker's pool, budgets and failover (the S0 quota per resource).
        name: 'VOICE_LIVE_ENDPOINTS'
        value: voiceLiveEndpointsSetting
      }
      {
        name: 'VOICE_LIVE_MODEL'
        value: voiceLiveModel
      }
      {
        name: 'ACS_ENDPOINT'
        value: communication.outputs.endpoint
      }
      {
        name: 'ACS_AUDIENCE'
        value: communication.outputs.immutableResourceId
      }
      {
        name: 'ACS_AUDIO_FORMAT'
        value: acsAudioFormat
      }
      {
        name: 'APP_CONFIGURATION_ENDPOINT'
        value: appConfiguration.outputs.endpoint
      }
      {
        name: 'APP_CONFIGURATION_LABEL'
        value: environmentName
      }
      {
        name: 'WEB_PUBSUB_ENDPOINT'
        value: webPubSub.outputs.endpoint
      }
      {
        name: 'WEB_PUBSUB_HUB'
        value: webPubSub.outputs.hubName
      }
      {
        // The calls' tickets (read) and records (written): the data account, never the host's.
        name: 'STORAGE_TABLE_ENDPOINT'
        value: dataStorage.outputs.tableEndpoint
      }
    ], empty(acsCallerId) ? [] : [
      {
        name: 'ACS_CALLER_ID'
        value: acsCallerId
      }
    ], empty(allowedDestinations) ? [] : [
      {
        name: 'ALLOWED_DESTINATIONS'
        value: allowedDestinations
      }
    ], empty(fallbackTransferNumber) ? [] : [
      {
        // Where a call goes when every Voice Live resource is out of budget (else the busy signal).
        name: 'FALLBACK_TRANSFER_NUMBER'
        value: fallbackTransferNumber
      }
    ])
  }
  // The endpoints in VOICE_LIVE_ENDPOINTS exist, with the worker's role, before it takes calls.
  dependsOn: [
    voiceLive
  ]
}

module functions './modules/function-app.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'functions'
    identityId: functionsIdentity.outputs.resourceId
    identityClientId: functionsIdentity.outputs.clientId
    storageAccountName: hostStorage.outputs.name
    storageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: hostStorage.outputs.deploymentContainerName
    alwaysReady: functionsAlwaysReady
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appSettings: {
      ACS_ENDPOINT: communication.outputs.endpoint
      ACS_AUDIENCE: communication.outputs.immutableResourceId
      ACS_AUDIO_FORMAT: acsAudioFormat
      ACS_CALLER_ID: acsCallerId
      BOT_PHONE_NUMBERS: botPhoneNumbers
      FALLBACK_TRANSFER_NUMBER: fallbackTransferNumber
      ALLOWED_DESTINATIONS: allowedDestinations
      MEDIA_WORKER_URL: 'wss://${mediaWorker.outputs.fqdn}/media'
      CALLBACK_BASE_URL: 'https://${functionAppName}.azurewebsites.net'
      // Where the app's tables live (settings.storage); AzureWebJobsStorage stays the host's alone.
      STORAGE_TABLE_ENDPOINT: dataStorage.outputs.tableEndpoint
      WEB_PUBSUB_ENDPOINT: webPubSub.outputs.endpoint
      WEB_PUBSUB_HUB: webPubSub.outputs.hubName
    }
  }
}

// Supervisors sign in to the monitor (only with an app registration: without one the monitor answers 503).
module monitorAuth './modules/monitor-auth.bicep' = if (!empty(monitorAuthClientId)) {
  name: 'monitor-auth'
  scope: rg
  params: {
    functionAppName: functions.outputs.name
    clientId: monitorAuthClientId
  }
}

// Read by azd (registry, resource group) and by the hooks in infra/hooks (everything else).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_FUNCTIONS_IDENTITY_CLIENT_ID string = functionsIdentity.outputs.clientId
output AZURE_FUNCTIONS_IDENTITY_PRINCIPAL_ID string = functionsIdentity.outputs.principalId
output AZURE_MEDIA_WORKER_IDENTITY_CLIENT_ID string = workerIdentity.outputs.clientId
output AZURE_MEDIA_WORKER_IDENTITY_PRINCIPAL_ID string = workerIdentity.outputs.principalId
output AZURE_FUNCTIONS_STORAGE_ACCOUNT_NAME string = hostStorage.outputs.name
output AZURE_DATA_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_FUNCTION_APP_URL string = functions.outputs.url
output MONITOR_URL string = '${functions.outputs.url}/api/monitor'
output MONITOR_SIGN_IN_REDIRECT_URI string = '${functions.outputs.url}/.auth/login/aad/callback'
output ACS_RESOURCE_NAME string = communication.outputs.name
output ACS_ENDPOINT string = communication.outputs.endpoint
output ACS_IMMUTABLE_RESOURCE_ID string = communication.outputs.immutableResourceId
output ACS_EVENT_GRID_SYSTEM_TOPIC_NAME string = communication.outputs.systemTopicName
output BOT_PHONE_NUMBERS string = botPhoneNumbers
output MEDIA_WORKER_FQDN string = mediaWorker.outputs.fqdn
output MEDIA_WORKER_URL string = 'wss://${mediaWorker.outputs.fqdn}/media'
output VOICE_LIVE_ENDPOINT string = voiceLive[0].outputs.endpoint
output VOICE_LIVE_ENDPOINTS string = voiceLiveEndpointsSetting
output APP_CONFIGURATION_ENDPOINT string = appConfiguration.outputs.endpoint
output WEB_PUBSUB_ENDPOINT string = webPubSub.outputs.endpoint
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_WORKBOOK_ID string = monitoring.outputs.workbookId
