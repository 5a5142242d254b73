param location string
param serviceName string
param identityPrincipalId string

var settings = loadTextContent('./settings.txt')
var cognitiveServicesUser = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

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
  name: guid(site.id, identityPrincipalId, cognitiveServicesUser)
  scope: site
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = site.name
