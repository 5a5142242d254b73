// Where ACS sends a call's media and callbacks: the worker's /media and this app's /api/callbacks, each
// with the call's ticket as the last path segment (a path, not a query: nothing logs or drops it by rule).
import type { MediaStreamingOptions } from "@azure/communication-call-automation";

export interface CallLegUrls {
  callbackUrl: string;
  mediaStreamingOptions: MediaStreamingOptions;
}

export type CallLegUrlsFor = (ticket: string) => CallLegUrls;

export function callLegUrls(callbacksUrl: string, media: MediaStreamingOptions): CallLegUrlsFor {
  const mediaUrl = (media.transportUrl ?? "").replace(/\/+$/, "");
  return (ticket) => ({
    callbackUrl: `${callbacksUrl.replace(/\/+$/, "")}/${ticket}`,
    mediaStreamingOptions: { ...media, transportUrl: `${mediaUrl}/${ticket}` },
  });
}
