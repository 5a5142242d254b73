// App Service authentication in front of the fixture's function app.
resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: 'func-fixture'
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    globalValidation: {
      requireAuthentication: true
      excludedPaths: [
        '/api/incomingCall'
        '/api/callbacks'
        '/api/apology.wav'
      ]
    }
  }
}
