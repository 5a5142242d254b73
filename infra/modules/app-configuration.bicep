// App Configuration: the store for the bot's run-time settings (key-values under the prefix `voicebot:` with
// the label of the azd environment). The worker reads them with its managed identity and reloads
// everything when `voicebot:sentinel` changes (edit values, then bump the sentinel). The functions app reads
// nothing here, so its identity has no role.
//
// The key-values themselves are NOT written here. Local auth is disabled, so writing them takes a data-plane
// role, and a role assignment created by this same deployment is usually not in effect yet when ARM writes
// the key-values seconds later (`Forbidden`, and the first `azd up` stops). The `postprovision` hook
// (infra/hooks/postprovision.ts) seeds them instead, as the deployer, retrying while the role propagates,
// and only creates missing keys, so edits made in the portal survive every later `azd provision`.
param name string
param location string
param tags object
@description('Principal id of the media worker\'s identity.')
param workerPrincipalId string
@description('Object id of the person or pipeline running azd; empty skips its role (the seeding hook then cannot write).')
param deployerPrincipalId string
param deployerPrincipalType string

var appConfigurationDataReader = '516239f1-63e1-4d78-a4de-a74fb236a071'
var appConfigurationDataOwner = '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b'

resource store 'Microsoft.AppConfiguration/configurationStores@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    // Requests for key-values that come through ARM act as the caller, never with a key.
    dataPlaneProxy: {
      authenticationMode: 'Pass-through'
      privateLinkDelegation: 'Disabled'
    }
  }
}

// The deployer seeds the key-values (postprovision hook) and may edit them later in the portal.
resource deployerOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(store.id, deployerPrincipalId, appConfigurationDataOwner)
  scope: store
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', appConfigurationDataOwner)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(store.id, workerPrincipalId, appConfigurationDataReader)
  scope: store
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', appConfigurationDataReader)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = store.name
output endpoint string = store.properties.endpoint
