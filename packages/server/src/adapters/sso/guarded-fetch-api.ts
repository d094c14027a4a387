import { FetchError } from '../fetch/errors.js';
import { hostAllowList, type HostPattern } from '../fetch/host-allow-list.js';
import { requestOnce } from '../fetch/request-once.js';
import { resolveAndCheck, systemDnsLookup, type DnsLookup, type ResolvePolicy } from '../fetch/resolve.js';

export interface IdpFetchOptions {
  /** LAUREL_FETCH_ALLOW_HOSTS: hosts that may be private or loopback, and may use plain http (tests: the IdP's `127.0.0.1:<port>`). */
  readonly allowHosts?: readonly HostPattern[];
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxBytes?: number;
  readonly lookup?: DnsLookup;
}

/** A `fetch` with the Fetch API's shape for libraries that take one (openid-client's `customFetch`). */
export type FetchApi = (url: string, init: { method?: string; headers?: HeadersInit | undefined; body?: unknown; signal?: AbortSignal | null | undefined; redirect?: string }) => Promise<Response>;

/**
 * Outbound requests to identity providers through the SSRF guard: the host resolved and every address
 * checked (public only, unless allow-listed), the connection pinned to the checked address, https only
 * (http to an allow-listed host), no redirects followed (a 3xx is answered as is), the body capped.
 */
export function idpFetch(options: IdpFetchOptions = {}): { fetch: FetchApi; isAllowListed(url: URL): boolean } {
  const isAllowListed = hostAllowList(options.allowHosts ?? []);
  const policy: ResolvePolicy = { lookup: options.lookup ?? systemDnsLookup, allowPrivate: false, isAllowListed };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 512 * 1024;

  const fetch: FetchApi = async (raw, init) => {
    const url = new URL(raw);
    if (url.username || url.password) throw new FetchError('invalid-url', 'URLs with credentials are not fetched', { url: url.href });
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isAllowListed(url))) {
      throw new FetchError('scheme-not-allowed', 'identity providers are reached over https only (or http to an allow-listed host)', { url: url.href });
    }
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') throw new FetchError('invalid-url', `${method} is not sent to identity providers`, { url: url.href });
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    headers['user-agent'] ??= 'Laurel/0.1 (single sign-on)';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new FetchError('timeout', `no answer from ${url.host} within ${timeoutMs} ms`, { url: url.href })), timeoutMs);
    const onAbort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const pinned = await resolveAndCheck(url, policy);
      const hop = await requestOnce(url, pinned, { method: method as 'GET' | 'POST', ...(body === undefined ? {} : { body }), headers, connectTimeoutMs, maxBytes, signal: controller.signal });
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(hop.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, v);
      }
      const nullBody = hop.status === 204 || hop.status === 304 || (hop.status >= 300 && hop.status < 400);
      const response = new Response(nullBody ? null : Buffer.from(hop.body), { status: hop.status, headers: responseHeaders });
      Object.defineProperty(response, 'url', { value: url.href });
      return response;
    } finally {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', onAbort);
    }
  };
  return { fetch, isAllowListed };
}
