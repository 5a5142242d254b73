// Web PubSub for call control: a group per call (callbacks in, supervisor actions) and a `monitor` group,
// all in the hub `calls`. The AVM module has no hub parameter, hence raw resources. Access keys are
// disabled; the Functions app and the worker each use their own managed identity.
param name string
param location string
param tags object
@description('Principal id of the functions app\'s identity: publishes callback events, issues the monitor page\'s listen-only token, sends supervisor actions.')
param functionsPrincipalId string
@description('Principal id of the media worker\'s identity: issues its own client token for its calls\' groups.')
param workerPrincipalId string
param hubName string = 'calls'

@allowed([
  'Free_F1'
  'Standard_S1'
])
param skuName string = 'Standard_S1'

var webPubSubServiceOwner = '12cf5a90-567b-43ae-8102-96cf46c7d9b4'

resource service 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: service
  name: hubName
  properties: {
    anonymousConnectPolicy: 'deny'
  }
}

// Issuing client tokens and sending to groups over Entra ID takes the service's data-plane owner role;
// no narrower built-in role covers token issuance.
resource functionsOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(service.id, functionsPrincipalId, webPubSubServiceOwner)
  scope: service
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', webPubSubServiceOwner)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(service.id, workerPrincipalId, webPubSubServiceOwner)
  scope: service
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', webPubSubServiceOwner)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = service.name
output endpoint string = 'https://${service.properties.hostName}'
output hubName string = hub.name
