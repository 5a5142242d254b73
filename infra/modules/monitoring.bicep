// Log Analytics + workspace-based Application Insights with local (instrumentation-key) auth disabled, so
// telemetry is only accepted from Entra ID identities holding Monitoring Metrics Publisher; plus the calls
// workbook (infra/workbook/voice-calls.workbook.json).
param location string
param tags object
param logAnalyticsName string
param applicationInsightsName string
param workbookDisplayName string
@description('Principal id of the functions app\'s identity (the Functions host sends its telemetry as it).')
param functionsPrincipalId string
@description('Principal id of the media worker\'s identity (its OpenTelemetry exporter).')
param workerPrincipalId string

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.2' = {
  name: 'log-analytics'
  params: {
    name: logAnalyticsName
    location: location
    tags: tags
    dataRetention: 30
  }
}

module applicationInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'application-insights'
  params: {
    name: applicationInsightsName
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
  }
}

// The component the AVM module created, as a symbol to scope the role assignment and the workbook to.
// Its name is a parameter (known when the deployment starts), so the dependency on the module is explicit.
resource component 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource functionsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(component.id, functionsPrincipalId, monitoringMetricsPublisher)
  scope: component
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [
    applicationInsights
  ]
}

resource workerPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(component.id, workerPrincipalId, monitoringMetricsPublisher)
  scope: component
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [
    applicationInsights
  ]
}

// The workbook's queries are written against the component, so it is linked to it (sourceId) and opens
// from Application Insights > Workbooks as well as from the resource group.
resource workbook 'Microsoft.Insights/workbooks@2022-04-01' = {
  name: guid(component.id, 'voice-calls-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: workbookDisplayName
    category: 'workbook'
    sourceId: component.id
    serializedData: loadTextContent('../workbook/voice-calls.workbook.json')
  }
  dependsOn: [
    applicationInsights
  ]
}

output logAnalyticsWorkspaceId string = logAnalytics.outputs.resourceId
output applicationInsightsName string = applicationInsights.outputs.name
output applicationInsightsId string = component.id
output workbookId string = workbook.id
