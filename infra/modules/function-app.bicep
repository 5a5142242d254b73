// The Functions app (Flex Consumption, Node 22): answers IncomingCall, receives ACS callbacks, places
// outbound calls, serves the monitor. It runs as its own user-assigned identity (`identityId`), with which it
// reaches the host storage (AzureWebJobsStorage__accountName + credential + clientId), Application Insights
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING) and, through its app settings, everything else. The app's
// tables are not in the host storage: STORAGE_TABLE_ENDPOINT (in `appSettings`) names the data account.
//
// azd deploys a self-contained esbuild bundle (infra/hooks/package-functions.ts, remoteBuild: false): the
// app depends on the `shared` workspace, which a remote Oryx build of functions/ alone would not see.
param name string
param planName string
param location string
param tags object
param serviceName string
param identityId string
param identityClientId string
@description('The Functions host\'s own storage account (keys, deployment package), not the app\'s data.')
param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string
param applicationInsightsName string
param alwaysReady bool
@description('App settings specific to this app (endpoints, audience, worker URL); merged over the identity settings.')
param appSettings object

@description('Memory of each instance; 2048 MB is the Flex default.')
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

module plan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'functions-plan'
  params: {
    name: planName
    location: location
    tags: tags
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
  }
}

var identitySettings = {
  AZURE_CLIENT_ID: identityClientId
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

module site 'br/public:avm/res/web/site:0.15.1' = {
  name: 'functions-site'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, {
      'azd-service-name': serviceName
    })
    serverFarmResourceId: plan.outputs.resourceId
    managedIdentities: {
      systemAssigned: false
      userAssignedResourceIds: [
        identityId
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // A cold start would delay answering: the caller hears ringing until answerCall returns.
        alwaysReady: alwaysReady
          ? [
              {
                name: 'http'
                instanceCount: 1
              }
            ]
          : []
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    appSettingsKeyValuePairs: union(identitySettings, appSettings)
  }
}

output name string = name
output url string = 'https://${name}.azurewebsites.net'
