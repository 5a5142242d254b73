targetScope = 'subscription'

param environmentName string
@allowed([
  'eastus2'
  'swedencentral'
])
param location string
param principalId string = ''
param dataLocation string

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
}

module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${environmentName}'
    location: location
  }
}

module app './modules/app.bicep' = {
  name: 'app'
  scope: rg
  params: {
    location: location
    serviceName: 'api'
    identityPrincipalId: identity.outputs.principalId
  }
}

output AZURE_FUNCTION_APP_NAME string = app.outputs.name
output AZURE_PRINCIPAL string = principalId
