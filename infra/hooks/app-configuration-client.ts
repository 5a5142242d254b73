// The two App Configuration data-plane calls the seeding hook needs (read one key-value, write one), over the
// REST API with an Entra ID token, so the hooks need no SDK beyond @azure/identity. Reference:
// learn.microsoft.com/azure/azure-app-configuration/rest-api-key-value (api-version 2023-11-01).
import type { TokenCredential } from "@azure/core-auth";

const API_VERSION = "2023-11-01";
const KV_MEDIA_TYPE = "application/vnd.microsoft.appconfig.kv+json";

export interface KeyValueStore {
  /** The value, or undefined when the key does not exist with that label. */
  get(key: string, label: string): Promise<string | undefined>;
  /**
   * Writes the value. With `onlyIfAbsent` the write is conditional (If-None-Match: *) and answers "exists"
   * instead of replacing a value someone set.
   */
  put(
    key: string,
    label: string,
    value: string,
    options: { onlyIfAbsent: boolean },
  ): Promise<"written" | "exists">;
}

/** A failed data-plane call: the status and the service's error type, never the request URL or a token. */
export class AppConfigurationError extends Error {
  override readonly name = "AppConfigurationError";
  constructor(
    readonly status: number,
    readonly operation: string,
  ) {
    super(`App Configuration ${operation} answered HTTP ${status}`);
  }
}

/** Token scope for the store's cloud (the same choice as @azure/app-configuration's getScope). */
export function tokenScope(endpoint: string): string {
  const host = new URL(endpoint).hostname;
  if (host.endsWith(".azure.us")) return "https://appconfig.azure.us/.default";
  if (host.endsWith(".azure.cn")) return "https://appconfig.azure.cn/.default";
  return "https://appconfig.azure.com/.default";
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export function appConfigurationStore(
  endpoint: string,
  credential: TokenCredential,
  fetchImpl: Fetch = fetch,
): KeyValueStore {
  const scope = tokenScope(endpoint);
  const url = (key: string, label: string) => {
    const target = new URL(`/kv/${encodeURIComponent(key)}`, endpoint);
    target.searchParams.set("label", label);
    target.searchParams.set("api-version", API_VERSION);
    return target.toString();
  };
  async function authorization(): Promise<string> {
    const token = await credential.getToken(scope);
    if (!token) throw new AppConfigurationError(401, "sign-in");
    return `Bearer ${token.token}`;
  }
  return {
    async get(key, label) {
      const response = await fetchImpl(url(key, label), {
        method: "GET",
        headers: { Authorization: await authorization(), Accept: KV_MEDIA_TYPE },
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new AppConfigurationError(response.status, "read");
      const body = (await response.json()) as { value?: unknown };
      return typeof body.value === "string" ? body.value : "";
    },
    async put(key, label, value, { onlyIfAbsent }) {
      const headers: Record<string, string> = {
        Authorization: await authorization(),
        "Content-Type": KV_MEDIA_TYPE,
        Accept: KV_MEDIA_TYPE,
      };
      if (onlyIfAbsent) headers["If-None-Match"] = "*";
      const response = await fetchImpl(url(key, label), {
        method: "PUT",
        headers,
        body: JSON.stringify({ value }),
      });
      if (response.status === 412 && onlyIfAbsent) return "exists";
      if (!response.ok) throw new AppConfigurationError(response.status, "write");
      return "written";
    },
  };
}
