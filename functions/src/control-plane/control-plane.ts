// The control plane as the functions app uses it: the callback sink that publishes to Web PubSub and the
// monitor routes (page, negotiate, supervisor actions), built from ControlPlaneSettings.
import type { Route } from "../http/route.js";
import { actionsRoute } from "../monitor/actions-route.js";
import { monitorPageRoute } from "../monitor/monitor-page-route.js";
import { negotiateRoute } from "../monitor/negotiate-route.js";
import { type ActionDispatcher, createActionDispatcher } from "./action-dispatcher.js";
import type { ControlPlaneSettings } from "./control-plane-settings.js";
import { WebPubSubCallEventSink } from "./web-pubsub-call-event-sink.js";
import { createWebPubSubService } from "./web-pubsub-service.js";

export interface ControlPlane {
  /** Publishes callback events to the call's group; undefined without Web PubSub (in-process sink then). */
  readonly events: WebPubSubCallEventSink | undefined;
  routes(): Route[];
}

export function createControlPlane(
  settings: ControlPlaneSettings,
  options: { ackTimeoutMs?: number } = {},
): ControlPlane {
  const access = settings.monitorAccess;
  const service = settings.webPubSub && createWebPubSubService(settings.webPubSub, settings.hub);
  const events = service && new WebPubSubCallEventSink(service);
  const dispatch: ActionDispatcher | undefined =
    service &&
    createActionDispatcher({
      service,
      ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    });
  return {
    events,
    routes: () => [
      monitorPageRoute({ access }),
      negotiateRoute({ access, service }),
      actionsRoute({ access, dispatch }),
    ],
  };
}
