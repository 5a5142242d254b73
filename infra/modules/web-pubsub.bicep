// Web PubSub for call control: a group per call (callbacks in, supervisor actions) and a `monitor` group,
// all in the hub `calls`. The AVM module has no hub parameter, hence raw resources. Access keys are
// disabled; the Functions app and the worker use the managed identity.
param name string
param location string
param tags object
param identityPrincipalId string
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

resource owner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(service.id, identityPrincipalId, webPubSubServiceOwner)
  scope: service
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', webPubSubServiceOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = service.name
output endpoint string = 'https://${service.properties.hostName}'
output hubName string = hub.name
