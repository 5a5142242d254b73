// The app's data: its tables, in an account of their own. The functions app writes answer claims, call
// tickets, the media watch and call records; the media worker reads the tickets and writes call records.
// Neither this account nor any role on it lets anyone touch the Functions host's storage (its keys and
// deployment package, modules/host-storage.bicep), which is why the data is not kept there. Shared-key
// access is disabled: both services use their own managed identity.
param name string
param location string
param tags object
@description('Principal id of the functions app\'s user-assigned identity.')
param functionsPrincipalId string
@description('Principal id of the media worker\'s user-assigned identity.')
param workerPrincipalId string

// Table names the apps use (functions/src: ANSWER_CLAIMS_TABLE, CALL_RECORDS_TABLE, MEDIA_WATCH_TABLE;
// shared/src/tickets: CALL_TICKETS_TABLE). The apps create a missing one on first use as well.
param tableNames array = [
  'incomingcallclaims'
  'callrecords'
  'mediawatch'
  'calltickets'
]

// Read and write entities (and create a missing table): both services write rows here.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource functionsTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, functionsPrincipalId, storageTableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, workerPrincipalId, storageTableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
