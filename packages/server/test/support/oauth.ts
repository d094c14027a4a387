import type { FastifyInstance, InjectOptions } from 'fastify';
import * as client from 'openid-client';

/**
 * openid-client (an independent OAuth 2.0 client library) talking to the app through `app.inject`: its
 * requests go through every route, hook and parser, only no port is opened.
 */
export function injectFetch(app: FastifyInstance): client.CustomFetch {
  return async (url, options) => {
    const target = new URL(url);
    const body = options.body;
    const payload = body === undefined || body === null ? undefined : body instanceof URLSearchParams ? body.toString() : typeof body === 'string' ? body : Buffer.from(body as ArrayBuffer);
    const res = await app.inject({
      method: options.method as InjectOptions['method'],
      url: target.pathname + target.search,
      headers: { ...options.headers },
      ...(payload === undefined ? {} : { payload }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    }
    const empty = [101, 204, 205, 304].includes(res.statusCode);
    return new Response(empty ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers });
  };
}

/** What openid-client needs to reach the app: RFC 8414 discovery (not OpenID Connect) through inject. */
export const viaApp = (app: FastifyInstance) => ({ algorithm: 'oauth2' as const, [client.customFetch]: injectFetch(app) });

/** A mutable clock for tests that let tokens expire. */
export function testClock(start = Date.parse('2026-12-07T10:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (seconds: number) => void (t += seconds * 1000) };
}
