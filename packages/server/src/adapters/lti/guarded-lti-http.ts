import type { LtiHttp } from '../../domain/lti/ports.js';
import { AppError } from '../../domain/shared/errors.js';
import { FetchError, fetchFailureClass } from '../fetch/errors.js';
import { hostAllowList, type HostPattern } from '../fetch/host-allow-list.js';
import { requestOnce } from '../fetch/request-once.js';
import { resolveAndCheck, systemDnsLookup, type DnsLookup, type ResolvePolicy } from '../fetch/resolve.js';

export interface LtiHttpOptions {
  /** LAUREL_FETCH_ALLOW_HOSTS: hosts that may be private or loopback, and may use plain http. */
  readonly allowHosts?: readonly HostPattern[];
  readonly timeoutMs?: number;
  readonly lookup?: DnsLookup;
}

const MAX_BYTES = 1024 * 1024;

/**
 * Requests to an LMS (its JWKS, token, AGS and NRPS endpoints) through the same SSRF guard as every
 * outbound fetch: public addresses only (unless allow-listed), pinned, https only, no redirects followed.
 * A failure is the platform's, told as a class (never what a host resolved to).
 */
export function guardedLtiHttp(options: LtiHttpOptions = {}): LtiHttp {
  const isAllowListed = hostAllowList(options.allowHosts ?? []);
  const policy: ResolvePolicy = { lookup: options.lookup ?? systemDnsLookup, allowPrivate: false, isAllowListed };
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function send(raw: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<{ json: unknown; next: string | null }> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError('lti-platform-unreachable', 'the platform URL is not valid');
    }
    if (url.username || url.password || !(url.protocol === 'https:' || (url.protocol === 'http:' && isAllowListed(url)))) {
      throw new AppError('lti-platform-unreachable', `${url.host}: only https URLs of the platform are used`);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new FetchError('timeout', `no answer from ${url.host} within ${timeoutMs} ms`, { url: url.href })), timeoutMs);
    try {
      const pinned = await resolveAndCheck(url, policy);
      const hop = await requestOnce(url, pinned, {
        method, ...(body === undefined ? {} : { body }),
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }), 'user-agent': 'Laurel/0.1 (LTI tool)' },
        connectTimeoutMs: 5000, maxBytes: MAX_BYTES, signal: controller.signal,
      });
      if (hop.status < 200 || hop.status > 299) throw new AppError('lti-platform-unreachable', `${url.host} answered HTTP ${hop.status}`);
      try {
        return { json: JSON.parse(Buffer.from(hop.body).toString('utf8')) as unknown, next: nextLink(hop.headers.link, url) };
      } catch {
        throw new AppError('lti-platform-unreachable', `${url.host} did not answer JSON`);
      }
    } catch (error) {
      if (error instanceof FetchError) throw new AppError('lti-platform-unreachable', `${url.host}: ${fetchFailureClass(error)}`, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    getJson: async (url, headers) => (await send(url, 'GET', headers)).json,
    getPage: (url, headers) => send(url, 'GET', headers),
    postJson: async (url, body, headers) => (await send(url, 'POST', { ...headers, 'content-type': 'application/json', accept: 'application/json' }, JSON.stringify(body))).json,
    postForm: async (url, form) => (await send(url, 'POST', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, new URLSearchParams(form).toString())).json,
  };
}

/** The `rel="next"` target of a Link header (RFC 8288), resolved against the page's URL. */
function nextLink(header: string | string[] | undefined, base: URL): string | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return null;
  for (const part of value.split(',')) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match && /(^|;)\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!)) {
      try {
        return new URL(match[1]!, base).href;
      } catch {
        return null;
      }
    }
  }
  return null;
}
