param location string
param serviceName string
param identityPrincipalId string

var settings = loadTextContent('./setting.txt')
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-fixture'
  location: location
  kind: 'functionapp,linux'
  tags: {
    'azd-service-name': serviceName
    note: settings
  }
}

resource worker 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-fixture'
  location: location
  tags: {
    'azd-service-name': 'worker'
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
