// The containers a container app runs right now, or [] before it exists: the same small module azd's own
// scaffold generates (cli/azd/resources/scaffold/base/modules/fetch-container-image.bicep). In the template
// that also deploys the app, ARM resolves a reference to it against that same deployment (a dependency of the
// app on itself); a nested deployment of its own reads the app as it is before this deployment changes it.
param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp!.properties.template.containers : []
