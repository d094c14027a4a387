import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { FetchError } from './errors.js';
import type { ResolvedAddress } from './resolve.js';

export interface HopOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  readonly maxBytes: number;
  /** Aborted when the whole fetch's time is up; its reason is the error to fail with. */
  readonly signal: AbortSignal;
  /** Default GET. */
  readonly method?: 'GET' | 'POST';
  /** Sent as is (POST). */
  readonly body?: string;
  /** Certificate authorities (PEM) trusted for https, replacing Node's default list. */
  readonly ca?: readonly string[] | undefined;
}

export interface HopResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Empty for redirects: their bodies are never read. */
  readonly body: Uint8Array;
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status);
}

/** A DNS lookup that can only ever answer the address that was already checked (no rebinding). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

function requestOptions(url: URL, pinned: ResolvedAddress, options: HopOptions): RequestOptions & { servername?: string } {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    protocol: url.protocol,
    hostname: host,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: options.method ?? 'GET',
    headers: { ...options.headers, 'accept-encoding': 'identity' },
    agent: false,
    lookup: pinnedLookup(pinned),
    ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
    ...(url.protocol === 'https:' && options.ca ? { ca: [...options.ca] } : {}),
  };
}

function readBody(response: IncomingMessage, url: URL, maxBytes: number, fail: (error: FetchError) => void, done: (body: Uint8Array) => void): void {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    fail(new FetchError('too-large', `${url.href} declares ${declared} bytes; the limit is ${maxBytes}`, { url: url.href }));
    return;
  }
  const encoding = response.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') {
    fail(new FetchError('bad-response', `${url.href} sent a ${encoding}-encoded body although none was accepted`, { url: url.href }));
    return;
  }
  const parts: Buffer[] = [];
  let total = 0;
  response.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total > maxBytes) fail(new FetchError('too-large', `${url.href} sent more than ${maxBytes} bytes`, { url: url.href }));
    else parts.push(chunk);
  });
  response.on('end', () => done(new Uint8Array(Buffer.concat(parts, total))));
  response.on('error', (error) => fail(new FetchError('bad-response', `Reading ${url.href} failed`, { cause: error, url: url.href })));
}

/**
 * One request (GET unless told) to an already-checked, pinned address. Host header and TLS SNI are the URL's hostname.
 * Redirects are returned, not followed. Fails on connect timeout, abort, or more than `maxBytes`.
 */
export function requestOnce(url: URL, pinned: ResolvedAddress, options: HopOptions): Promise<HopResponse> {
  return new Promise<HopResponse>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(options.signal.reason);
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let connectTimer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = (error: FetchError | undefined, value?: HopResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      options.signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    const fail = (error: FetchError) => settle(error);
    const onAbort = () => fail(options.signal.reason as FetchError);
    const req = send(requestOptions(url, pinned, options), (response) => {
      const status = response.statusCode ?? 0;
      if (isRedirect(status)) {
        response.destroy();
        settle(undefined, { status, headers: response.headers, body: new Uint8Array(0) });
        return;
      }
      readBody(response, url, options.maxBytes, fail, (body) => settle(undefined, { status, headers: response.headers, body }));
    });
    options.signal.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      connectTimer = setTimeout(
        () => fail(new FetchError('timeout', `Connecting to ${url.host} took longer than ${options.connectTimeoutMs} ms`, { url: url.href })),
        options.connectTimeoutMs,
      );
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (error) => fail(new FetchError('connect-failed', `Request to ${url.host} failed: ${error.message}`, { cause: error, url: url.href })));
    req.end(options.body);
  });
}
