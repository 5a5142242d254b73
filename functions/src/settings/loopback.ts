// Loopback endpoints are the local emulators (ACS, Azurite, the media worker on this machine); they are the
// only ones allowed to use plain http/ws. Anything else must be https/wss.
const LOOPBACK_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTNAMES.has(url.hostname.toLowerCase());
}
