// Azure Communication Services (global; data residency = dataLocation) and its Event Grid system topic.
// The IncomingCall subscription on that topic is created by infra/hooks/postdeploy.ts once the function
// exists (see main.bicep).
param name string
param systemTopicName string
param dataLocation string
param tags object
@description('Principal id of the functions app\'s identity: answers, places, plays to and transfers calls.')
param functionsPrincipalId string
@description('Principal id of the media worker\'s identity: hangs up and transfers the calls it carries.')
param workerPrincipalId string

// Call Automation with a token credential (answer, hang up, transfer, play) needs Contributor on the ACS
// resource: no narrower built-in role is documented to cover it. The scope is this one resource, for each
// of the two apps that use Call Automation.
var contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c'

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: 'global'
  tags: tags
  properties: {
    source: acs.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource functionsCallAutomation 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acs.id, functionsPrincipalId, contributor)
  scope: acs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributor)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerCallAutomation 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acs.id, workerPrincipalId, contributor)
  scope: acs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributor)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = acs.name
output id string = acs.id
output endpoint string = 'https://${acs.properties.hostName}/'
// The audience of the JWTs ACS signs for callbacks and the media WebSocket.
output immutableResourceId string = acs.properties.immutableResourceId
output systemTopicName string = systemTopic.name
