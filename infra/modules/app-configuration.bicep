// App Configuration: the bot's run-time settings as key-values under the prefix `voicebot:` with the
// label of the azd environment. The worker and the Functions app read them with the managed identity and
// reload everything when `voicebot:sentinel` changes (edit values, then bump the sentinel).
//
// Local auth is disabled, so ARM writes these key-values through the data-plane proxy in Pass-through
// mode, i.e. as the deployer: the deployer gets App Configuration Data Owner first (deployerOwner below).
param name string
param location string
param tags object
param identityPrincipalId string
param deployerPrincipalId string
param deployerPrincipalType string
param label string
param keyPrefix string = 'voicebot:'
param transferNumber string = ''

param systemPrompt string = 'You are a friendly, concise phone assistant. Speak in short sentences. If the caller asks for a person, use the transfer_to_human tool. When the caller says goodbye, say goodbye and use the end_call tool.'
param greeting string = 'Hello! How can I help you today?'
param voiceName string = 'en-US-Ava:DragonHDLatestNeural'

var appConfigurationDataReader = '516239f1-63e1-4d78-a4de-a74fb236a071'
var appConfigurationDataOwner = '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b'

var defaults = [
  {
    key: 'systemPrompt'
    value: systemPrompt
  }
  {
    key: 'greeting'
    value: greeting
  }
  {
    key: 'voice'
    value: voiceName
  }
  {
    key: 'vad:type'
    value: 'azure_semantic_vad'
  }
  {
    key: 'vad:threshold'
    value: '0.5'
  }
  {
    key: 'vad:prefixPaddingMs'
    value: '300'
  }
  {
    key: 'vad:silenceDurationMs'
    value: '500'
  }
  {
    key: 'tools:endCall'
    value: 'true'
  }
  {
    key: 'tools:transferToHuman'
    value: empty(transferNumber) ? 'false' : 'true'
  }
  {
    key: 'timeouts:maxCallSeconds'
    value: '1800'
  }
  {
    key: 'timeouts:callerSilenceSeconds'
    value: '30'
  }
  {
    key: 'sentinel'
    value: '1'
  }
]
var transfer = empty(transferNumber)
  ? []
  : [
      {
        key: 'transferNumber'
        value: transferNumber
      }
    ]
var keyValues = concat(defaults, transfer)

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
    dataPlaneProxy: {
      authenticationMode: 'Pass-through'
      privateLinkDelegation: 'Disabled'
    }
  }
}

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
  name: guid(store.id, identityPrincipalId, appConfigurationDataReader)
  scope: store
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', appConfigurationDataReader)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ARM names a key-value '<key>$<label>'.
resource settings 'Microsoft.AppConfiguration/configurationStores/keyValues@2024-05-01' = [
  for item in keyValues: {
    parent: store
    name: '${keyPrefix}${item.key}$${label}'
    properties: {
      value: item.value
    }
    dependsOn: [
      deployerOwner
    ]
  }
]

output name string = store.name
output endpoint string = store.properties.endpoint
