import type { WebhookTransport } from '../../domain/webhooks/ports.js';
import { FetchError, fetchFailureClass } from '../fetch/errors.js';
import { hostAllowList, type HostPattern } from '../fetch/host-allow-list.js';
import { requestOnce } from '../fetch/request-once.js';
import { resolveAndCheck, systemDnsLookup, type DnsLookup, type ResolvePolicy } from '../fetch/resolve.js';

export interface WebhookTransportOptions {
  /** LAUREL_FETCH_ALLOW_HOSTS: hosts that may be private or loopback, and may use plain http. */
  readonly allowHosts?: readonly HostPattern[];
  /** For the whole POST. Default 10 000. */
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly lookup?: DnsLookup;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Webhook POSTs through the same SSRF guard as every outbound fetch: the host is resolved, every
 * address checked (public only, unless allow-listed) and the connection pinned to the checked
 * address. Redirects are not followed (a 3xx is a failed attempt); https only, except allow-listed hosts.
 */
export function guardedWebhookTransport(options: WebhookTransportOptions = {}): WebhookTransport {
  const isAllowListed = hostAllowList(options.allowHosts ?? []);
  const policy: ResolvePolicy = { lookup: options.lookup ?? systemDnsLookup, allowPrivate: false, isAllowListed };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;

  function parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch (error) {
      throw new FetchError('invalid-url', 'not a valid URL', { cause: error });
    }
    if (url.username || url.password) throw new FetchError('invalid-url', 'URLs with credentials are not allowed', { url: url.href });
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isAllowListed(url))) {
      throw new FetchError('scheme-not-allowed', 'only https URLs (or http to an allow-listed host) may receive webhooks', { url: url.href });
    }
    return url;
  }

  return {
    async refuse(raw) {
      let url: URL | undefined;
      try {
        url = parse(raw);
        await resolveAndCheck(url, policy);
        return null;
      } catch (error) {
        // What the organisation is told: the host it typed and a class, never what the host resolved to
        // (that would make this form an oracle for the internal network's DNS).
        if (!(error instanceof FetchError)) throw error;
        if (error.code === 'address-not-allowed') return `${url!.host}: ${fetchFailureClass(error)}; only public addresses may receive webhooks`;
        return url ? `${url.host}: ${fetchFailureClass(error)}` : error.message;
      }
    },
    async post(raw, headers, body) {
      const url = parse(raw);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new FetchError('timeout', `no answer from ${url.host} within ${timeoutMs} ms`, { url: url.href })), timeoutMs);
      try {
        const pinned = await resolveAndCheck(url, policy);
        const hop = await requestOnce(url, pinned, {
          method: 'POST',
          body,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Laurel/0.1 (webhooks)' },
          connectTimeoutMs,
          maxBytes: MAX_RESPONSE_BYTES,
          signal: controller.signal,
        });
        return { status: hop.status };
      } catch (error) {
        // Recorded with the delivery attempt, which the organisation sees: the class only; the detail is the cause.
        if (error instanceof FetchError) throw new FetchError(error.code, `could not deliver to ${url.host}: ${fetchFailureClass(error)}`, { cause: error, url: url.href, status: error.status });
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
