// The media worker: ACS opens one WebSocket per call to wss://<fqdn>/media and keeps it for the whole call,
// so this app is sized and drained around long-lived sockets. A raw resource because the azd upsert module
// has no scale rules or termination grace period.
//
// Scaling: Container Apps' HTTP rule counts requests STARTED in the last 15 s (a WebSocket counts when it
// opens, not while it is open), so `callsPerReplica` really means "new calls per replica per 15 s".
// Replica count therefore follows the call arrival rate; minReplicas keeps capacity for calls in progress
// and the drain window protects them on scale-in (TCP scaling would need TCP ingress without TLS, which
// ACS's wss:// cannot use).
//
// Draining: on scale-in or a new revision the replica gets SIGTERM, flips /readyz to 503 (no new calls are
// routed to it) and keeps serving its live calls for up to `drainSeconds`; SIGKILL follows after that.
param name string
param location string
param tags object
param serviceName string
param exists bool
@description('Image azd last deployed (SERVICE_MEDIA_WORKER_IMAGE_NAME); empty on the first provision.')
param imageName string = ''
param environmentId string
param registryLoginServer string
@description('The worker\'s own user-assigned identity (never the functions app\'s): pulls the image, and reaches ACS, Voice Live, Web PubSub, App Configuration, the data tables and Application Insights.')
param identityId string
param identityClientId string
param applicationInsightsName string
param minReplicas int
param maxReplicas int
param callsPerReplica int
param drainSeconds int
param env array

var targetPort = 8080
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

// The running image is read in its own module (as azd's templates do), not through an `existing` reference to
// the app this file deploys.
module currentImage './fetch-container-image.bicep' = {
  name: '${name}-current-image'
  params: {
    exists: exists
    name: name
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// ARM evaluates only the branch `if()` takes, so the index is read only when the app (and a container) exists.
var runningImage = exists && !empty(currentImage.outputs.containers)
  ? currentImage.outputs.containers[0].image
  : ''
var image = !empty(imageName) ? imageName : (!empty(runningImage) ? runningImage : placeholderImage)
// The placeholder listens on port 80 and has no /readyz: probes are only configured once the worker's own
// image runs (azure.yaml's `up` workflow provisions again after the first deploy for exactly this reason).
var runsWorkerImage = image != placeholderImage

// Probe thresholds: a liveness restart ends every call on the replica, and a readiness failure takes it out of
// rotation (with one replica: no new calls at all), so neither acts on one slow answer. Each check has its own
// timeout (the platform default is 1 s, shorter than a GC pause under load).
// - Startup: up to 60 s (30 x 2 s) to listen before liveness takes over.
// - Liveness: 3 failures 10 s apart (30 s of a hung process) before a restart.
// - Readiness: 3 failures 3 s apart; a draining replica (/readyz 503 after SIGTERM) leaves rotation within
//   about 9 s, and any upgrade that still reaches it in that window is refused with 503 by the worker.
var probes = runsWorkerImage
  ? [
      {
        type: 'Startup'
        httpGet: {
          path: '/healthz'
          port: targetPort
        }
        periodSeconds: 2
        timeoutSeconds: 2
        failureThreshold: 30
      }
      {
        type: 'Liveness'
        httpGet: {
          path: '/healthz'
          port: targetPort
        }
        periodSeconds: 10
        timeoutSeconds: 5
        failureThreshold: 3
      }
      {
        type: 'Readiness'
        httpGet: {
          path: '/readyz'
          port: targetPort
        }
        periodSeconds: 3
        timeoutSeconds: 2
        failureThreshold: 3
        successThreshold: 1
      }
    ]
  : []

var fixedEnv = [
  {
    name: 'PORT'
    value: string(targetPort)
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    // Leave the worker 30 s of the grace period to close sockets and flush telemetry before SIGKILL.
    name: 'DRAIN_GRACE_MS'
    value: string((drainSeconds - 30) * 1000)
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsights.properties.ConnectionString
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: targetPort
        // HTTP/1.1 with Upgrade carries the WebSocket; TLS terminates at the ingress (wss:// for ACS).
        transport: 'http'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      terminationGracePeriodSeconds: drainSeconds
      containers: [
        {
          name: 'media-worker'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat(fixedEnv, env)
          probes: probes
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'concurrent-calls'
            http: {
              metadata: {
                concurrentRequests: string(callsPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
