import tls from 'node:tls';
import type { Clock } from '../../domain/shared/ports.js';
import { matchesMediaType, mediaType, JSON_MEDIA_TYPES } from './content-type.js';
import { FetchError } from './errors.js';
import { hostAllowList, type HostPattern } from './host-allow-list.js';
import { isRedirect, requestOnce, type HopResponse } from './request-once.js';
import { resolveAndCheck, systemDnsLookup, type DnsLookup, type ResolvePolicy } from './resolve.js';
import { freshnessSeconds, ResponseCache, type CacheOptions, type CachedResponse } from './response-cache.js';

export interface GuardedFetchOptions {
  /** Hosts exempt from the address check: `host` (any port) or `host:port`, e.g. `127.0.0.1:8080` in tests. */
  readonly allowHosts?: readonly HostPattern[];
  /** Allow private, loopback, unique-local and CGNAT addresses (private deployments). Default false. */
  readonly allowPrivate?: boolean;
  /** Per hop, until the TCP/TLS connection is up. Default 5000. */
  readonly connectTimeoutMs?: number;
  /** For the whole fetch, redirects and body included. Default 10000. */
  readonly timeoutMs?: number;
  /** Largest body accepted. Default 1 MiB. */
  readonly maxBytes?: number;
  /** Default 3. */
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** Injected for tests; default: the system resolver (all addresses). */
  readonly lookup?: DnsLookup;
  /** For cache freshness; default: system time. */
  readonly clock?: Clock;
  /** `false` turns the cache off. */
  readonly cache?: CacheOptions | false;
  /**
   * Further certificate authorities (PEM) trusted for https, besides Node's bundled ones: a test's
   * throwaway HTTPS server (did:web implies https), or a private PKI.
   */
  readonly extraCa?: readonly string[];
}

export interface FetchOptions {
  /** The Accept header to send. */
  readonly accept?: string;
  /** Media types the response must have (`*` wildcards within a segment); any when absent. */
  readonly contentTypes?: readonly string[];
}

export interface FetchedResponse extends CachedResponse {
  readonly fromCache: boolean;
}

export interface FetchedJson {
  readonly url: string;
  readonly contentType: string | undefined;
  readonly json: unknown;
  readonly fromCache: boolean;
}

export interface GuardedFetch {
  fetchBytes(url: string | URL, options?: FetchOptions): Promise<FetchedResponse>;
  /** GET and parse JSON; by default the response must be `application/json`, `application/ld+json` or `*+json`. */
  fetchJson(url: string | URL, options?: FetchOptions): Promise<FetchedJson>;
}

const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

function checkUrl(raw: string | URL, previous?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, previous);
  } catch (error) {
    throw new FetchError('invalid-url', `Not a valid URL: ${String(raw).slice(0, 200)}`, { cause: error });
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) {
    throw new FetchError('scheme-not-allowed', `Only http and https URLs may be fetched, not ${url.protocol}`, { url: url.href });
  }
  if (previous?.protocol === 'https:' && url.protocol === 'http:') {
    throw new FetchError('scheme-not-allowed', `Refusing a redirect from https to http (${url.href})`, { url: url.href });
  }
  if (url.username || url.password) throw new FetchError('invalid-url', 'URLs with credentials are not fetched', { url: url.href });
  return url;
}

function toResponse(url: URL, hop: HopResponse): CachedResponse {
  return { url: url.href, status: hop.status, contentType: hop.headers['content-type'], body: hop.body };
}

/** An outbound HTTP client that refuses to reach private networks (SSRF guard). See GuardedFetchOptions. */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const clock = options.clock ?? { now: () => new Date() };
  const policy: ResolvePolicy = {
    lookup: options.lookup ?? systemDnsLookup,
    allowPrivate: options.allowPrivate ?? false,
    isAllowListed: hostAllowList(options.allowHosts ?? []),
  };
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const userAgent = options.userAgent ?? 'Laurel/0.1 (Open Badges verifier)';
  const cache = options.cache === false ? undefined : new ResponseCache(() => clock.now().getTime(), options.cache);
  const ca = options.extraCa?.length ? [...tls.rootCertificates, ...options.extraCa] : undefined;

  async function follow(start: URL, accept: string, signal: AbortSignal): Promise<{ url: URL; hop: HopResponse }> {
    let url = start;
    for (let redirects = 0; ; redirects++) {
      const pinned = await abortable(resolveAndCheck(url, policy), signal);
      const hop = await requestOnce(url, pinned, { headers: { accept, 'user-agent': userAgent }, connectTimeoutMs, maxBytes, signal, ca });
      if (!isRedirect(hop.status)) return { url, hop };
      const location = hop.headers.location;
      if (!location) throw new FetchError('bad-response', `${url.href} redirected without a Location`, { url: url.href });
      if (redirects >= maxRedirects) {
        throw new FetchError('too-many-redirects', `More than ${maxRedirects} redirects, starting at ${start.href}`, { url: url.href });
      }
      url = checkUrl(location, url);
    }
  }

  async function fetchBytes(raw: string | URL, fetchOptions: FetchOptions = {}): Promise<FetchedResponse> {
    const start = checkUrl(raw);
    const accept = fetchOptions.accept ?? '*/*';
    const key = `${accept}\n${start.href}`;
    const cached = cache?.get(key);
    if (cached) return checkContentType({ ...cached, body: cached.body.slice(), fromCache: true }, fetchOptions);
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new FetchError('timeout', `Fetching ${start.href} took longer than ${timeoutMs} ms`, { url: start.href })),
      timeoutMs,
    );
    try {
      const { url, hop } = await follow(start, accept, controller.signal);
      if (hop.status < 200 || hop.status > 299) {
        throw new FetchError('bad-status', `${url.href} answered HTTP ${hop.status}`, { url: url.href, status: hop.status });
      }
      const response = toResponse(url, hop);
      if (cache && hop.status === 200) cache.set(key, response, freshnessSeconds(hop.headers, cache.maxTtlSeconds));
      return checkContentType({ ...response, body: response.body.slice(), fromCache: false }, fetchOptions);
    } finally {
      clearTimeout(timer);
    }
  }

  async function fetchJson(raw: string | URL, fetchOptions: FetchOptions = {}): Promise<FetchedJson> {
    const response = await fetchBytes(raw, {
      accept: fetchOptions.accept ?? 'application/ld+json, application/json;q=0.9',
      contentTypes: fetchOptions.contentTypes ?? JSON_MEDIA_TYPES,
    });
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(response.body));
    } catch (error) {
      throw new FetchError('bad-json', `${response.url} did not return valid JSON`, { cause: error, url: response.url });
    }
    return { url: response.url, contentType: response.contentType, json, fromCache: response.fromCache };
  }

  return { fetchBytes, fetchJson };
}

function checkContentType(response: FetchedResponse, options: FetchOptions): FetchedResponse {
  if (options.contentTypes && !matchesMediaType(mediaType(response.contentType), options.contentTypes)) {
    throw new FetchError(
      'bad-content-type',
      `${response.url} returned ${response.contentType ?? 'no content type'}; expected ${options.contentTypes.join(', ')}`,
      { url: response.url },
    );
  }
  return response;
}

/** Race a promise against the fetch's deadline. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
