param location string
param serviceName string
param identityPrincipalId string

var settings = loadTextContent('./settings.txt')
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var cognitiveServicesUser = 'a97b65f3-24c7-4388-baec-2e87135dc908'

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-worker-fixture'
  location: location
}

// Two Voice Live accounts, each with the worker's role...
resource accounts 'Microsoft.CognitiveServices/accounts@2024-10-01' = [for i in range(0, 2): {
  name: 'ais-fixture-${i}'
  location: location
  kind: 'AIServices'
  sku: {
    name: 'S0'
  }
}]

resource voiceLiveUsers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for i in range(0, 2): {
  name: guid(accounts[i].id, cognitiveServicesUser)
  scope: accounts[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-fixture'
  location: location
  kind: 'functionapp,linux'
  tags: {
    'azd-service-name': serviceName
    note: settings
  }
  properties: {
    siteConfig: {
      appSettings: [
        {
          name: 'MEDIA_WORKER_URL'
          value: 'wss://${worker.properties.configuration.ingress.fqdn}/media'
        }
        {
          name: 'CALLBACK_BASE_URL'
          value: 'https://func-fixture.azurewebsites.net'
        }
        {
          name: 'ACS_AUDIENCE'
          value: 'fixture-acs-id'
        }
        {
          name: 'ACS_ENDPOINT'
          value: 'https://acs-fixture.communication.azure.com/'
        }
        {
          name: 'AzureWebJobsStorage__accountName'
          value: 'stfixture'
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: 'fixture-client-id'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: 'fixture'
        }
      ]
    }
  }
}

resource worker 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-fixture'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${workerIdentity.id}': {}
    }
  }
  tags: {
    'azd-service-name': 'worker'
  }
  properties: {
    template: {
      containers: [
        {
          name: 'worker'
          image: 'fixture.azurecr.io/worker:1'
          env: [
            {
              // ...but the worker is told of the first one only.
              name: 'VOICE_LIVE_ENDPOINT'
              value: 'https://${accounts[0].name}.cognitiveservices.azure.com/'
            }
          ]
        }
      ]
    }
  }
}

resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(site.id, identityPrincipalId, storageBlobDataOwner)
  scope: site
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = site.name
