// Azure AI Services account that serves Voice Live (wss://<subdomain>.cognitiveservices.azure.com/voice-live/realtime).
// Entra ID token auth needs a custom subdomain; API keys are disabled. Only the media worker talks to Voice
// Live, so only its identity has a role here.
param name string
param location string
param tags object
@description('Principal id of the media worker\'s identity.')
param workerPrincipalId string

var cognitiveServicesUser = 'a97b65f3-24c7-4388-baec-2e87135dc908'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'AIServices'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource voiceLiveUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, workerPrincipalId, cognitiveServicesUser)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = account.name
output endpoint string = 'https://${name}.cognitiveservices.azure.com/'
