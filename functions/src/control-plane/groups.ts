// Web PubSub names shared by the functions and the media worker (which keeps its own copy: the two
// deploy separately). One group per call carries its control traffic; `monitor` carries live call state.

export const DEFAULT_CONTROL_HUB = "calls";
export const MONITOR_GROUP = "monitor";

/** The group of one call: its owning worker replica is the only member besides short-lived senders. */
export function callGroup(callConnectionId: string): string {
  return `call.${callConnectionId}`;
}

/** ACS call connection ids are GUID-like; anything else is refused before it names a group. */
export const CALL_CONNECTION_ID_PATTERN = /^[\w.:=+-]{1,200}$/;
