// Web PubSub names the functions app and the media worker share. One group per call carries its control
// traffic (callbacks and supervisor actions in, acknowledgements out); `monitor` carries live call state.

export const DEFAULT_CONTROL_HUB = "calls";
export const MONITOR_GROUP = "monitor";

/** ACS call connection ids are GUID-like; anything else is refused before it names a group or a table key. */
export const CALL_CONNECTION_ID_PATTERN = /^[\w.:=+-]{1,200}$/;

/** The group of one call: its owning worker replica is the only member besides short-lived senders. */
export function callGroup(callConnectionId: string): string {
  return `call.${callConnectionId}`;
}
