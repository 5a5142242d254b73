// Timestamps in the formats the ACS fixtures use (7 fractional digits, as .NET prints them).

/** Event Grid `eventTime` / CloudEvents `time` on IncomingCall: `2022-08-25T19:27:24.2415391Z`. */
export function eventGridTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/** Callback CloudEvent `time`: `2025-05-06T16:31:49.4325356+00:00`. */
export function callbackTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000+00:00");
}
