// App Service authentication (Easy Auth) in front of the functions app, for the monitor: supervisors sign in
// with Microsoft Entra ID before the monitor page, its negotiate route and the supervisor actions run, and
// the app reads who they are and their app roles (Monitor.Read, Calls.Act) from the principal the platform
// injects (functions/src/monitor/monitor-auth.ts). The platform strips those headers from incoming requests,
// so nobody can forge them while this is on; the app trusts them only then (WEBSITE_AUTH_ENABLED).
//
// The app registration (its client id is a parameter) is created by hand once: Bicep cannot create one
// reliably, and a hook doing it would need directory permissions many deployers do not have. Steps:
// infra/README.md, "Supervisor sign-in". No client secret: sign-in returns an ID token (OpenID Connect
// implicit flow), which needs "ID tokens" enabled on the registration and nothing stored in the app.
param functionAppName string
@description('Application (client) id of the Entra ID app registration that defines Monitor.Read and Calls.Act.')
param clientId string

// Every other route is called by something that cannot sign in and authenticates itself instead, so Easy
// Auth must let it through untouched: Event Grid (IncomingCall, function key), ACS callbacks (ACS JWT plus
// the call's ticket in the path) and ACS fetching the apology tone, API clients of /api/calls (function
// key), health probes, and the host's admin API (master key). An entry matches its path exactly; a trailing
// /* matches everything below it (the App Service team in MicrosoftDocs/azure-docs#86514). So '/api/calls'
// lets POST /api/calls through while /api/calls/{id}/actions still needs a signed-in supervisor.
// `npm run lint:infra` (rule monitor-auth-paths) checks both directions.
var excludedPaths = [
  '/api/incomingCall'
  '/api/callbacks'
  '/api/callbacks/*'
  '/api/apology.wav'
  '/api/calls'
  '/api/health'
  '/admin/*'
]

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      // A browser opening the monitor is sent to the sign-in page; the page itself reloads when a fetch is
      // redirected (an expired session).
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: excludedPaths
    }
    httpSettings: {
      requireHttps: true
      routes: {
        apiPrefix: '/.auth'
      }
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      // The app needs who signed in and their roles, not their tokens: nothing is kept server-side.
      tokenStore: {
        enabled: false
      }
      preserveUrlFragmentsForLogins: false
    }
  }
}
