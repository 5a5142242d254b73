// Web PubSub names, the same as the functions app's (functions/src/control-plane/groups.ts): the two
// deploy separately, so each keeps its copy of these few constants.

export const DEFAULT_CONTROL_HUB = "calls";
export const MONITOR_GROUP = "monitor";

export function callGroup(callConnectionId: string): string {
  return `call.${callConnectionId}`;
}
