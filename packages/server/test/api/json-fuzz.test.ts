/**
 * Hostile input on every route the API documents: random JSON (deep nesting, NUL bytes, lone
 * surrogates, prototype keys, huge numbers, long strings), broken JSON, hostile path parameters and
 * query strings — anonymous, with a session-less API key, on both engines. Whatever comes in, the
 * answer is never a 5xx, an error is always an RFC 9457 problem document, and no stack trace leaks.
 * Seeded, so a failure names a reproducible case.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import type { RemoteDocuments } from '../../src/domain/verification/ports.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  '',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '%00',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  'data:image/svg+xml,<svg onload=alert(1)>',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '\u202e\u0301',
  'ａｂｃ@ｅｘａｍｐｌｅ.org',
  'x'.repeat(5000),
  'http://127.0.0.1:1/x',
  'did:web:127.0.0.1%3A1',
  '1970-13-45T99:99:99Z',
  'P99999999Y',
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function hostileValue(rand: () => number, depth = 0): unknown {
  const roll = rand();
  if (depth > 3 || roll < 0.35) return pick(rand, HOSTILE_STRINGS);
  if (roll < 0.45) return pick(rand, [0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, -0]);
  if (roll < 0.5) return pick(rand, [true, false, null]);
  if (roll < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => hostileValue(rand, depth + 1));
  return hostileObject(rand, depth + 1);
}

const KEYS = ['name', 'email', 'url', 'id', 'issuerId', 'achievementId', 'recipient', 'csv', 'role', 'password', 'image', 'credential', 'verifiableCredential', 'options', 'events', 'reason', '__proto__', 'constructor', 'prototype', '@context', 'type'];

function hostileObject(rand: () => number, depth = 0): Record<string, unknown> {
  const entries = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => [pick(rand, KEYS), hostileValue(rand, depth)] as const);
  return Object.fromEntries(entries);
}

function deeplyNested(levels: number): string {
  return '['.repeat(levels) + ']'.repeat(levels);
}

/** Raw payloads that are not (valid) JSON objects. */
const RAW_BODIES = ['{"name": "x",', '', 'null', '"a JSON string"', '[]', '123', deeplyNested(5000), '{"a":"\\u0000"}', '{"name":"\\ud800"}', '{"__proto__":{"admin":true}}'];

interface Route {
  method: string;
  path: string;
}

/** Percent-encodes; a lone surrogate becomes the invalid UTF-8 bytes a hostile client would send. */
function encodeLoose(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

function fill(path: string, rand: () => number, ids: string[]): string {
  return path.replace(/\{[^}]+\}/g, () => encodeLoose(rand() < 0.5 ? pick(rand, ids) : pick(rand, HOSTILE_STRINGS)));
}

/** What is wrong with an answer, if anything: a 5xx, an error that is not a problem document, a stack trace. */
/** The wallet protocol's endpoints (OpenID4VCI) and the OAuth 2.0 endpoints answer their specifications' `{error, error_description}`, the OB 3.0 API its Imsx_StatusInfo, instead. */
// The OAuth server's own metadata (RFC 8414) is answered by the OAuth routes, whose errors are OAuth error responses.
const OAUTH_PATHS = /^\/(oid4vci\/|oauth\/|\.well-known\/(openid-credential-issuer|oauth-authorization-server)\/oid4vci|\.well-known\/oauth-authorization-server$)/;
const IMSX_PATHS = /^\/ims\/ob\/v3p0\//;

function insanity(res: LightMyRequestResponse, path = ''): string | undefined {
  if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 200)}`;
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 400 && OAUTH_PATHS.test(path)) {
    const body = /^application\/json/.test(type) ? (res.json() as { error?: unknown }) : {};
    if (typeof body.error !== 'string') return `answered ${res.statusCode} as ${type}, not an OAuth error response`;
  } else if (res.statusCode >= 400 && IMSX_PATHS.test(path)) {
    const body = /^application\/json/.test(type) ? (res.json() as { imsx_codeMajor?: unknown }) : {};
    if (body.imsx_codeMajor !== 'failure') return `answered ${res.statusCode} as ${type}, not an Imsx_StatusInfo`;
  } else if (res.statusCode >= 400 && !/^application\/problem\+json|^text\/html/.test(type)) return `answered ${res.statusCode} as ${type}, not a problem document`;
  if (/\n\s+at [\w.<>]+ \(|node:internal|\/node_modules\//.test(res.body)) return 'leaks a stack trace';
  return undefined;
}

const short = (text: string): string => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

const refusingRemote: RemoteDocuments = {
  getJson: async () => ({ ok: false, reason: 'offline in this test' }),
  getResource: async () => ({ ok: false, reason: 'offline in this test' }),
};

describe.each(ENGINES)('JSON fuzz: every documented route survives hostile input (%s)', (engine) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let apiKey: string;
  let routes: Route[];
  const ids: string[] = [];

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    // Nothing leaves the process: the verifier's remote refuses every read.
    app = await buildApp({ ...ctx.deps, verify: { verifier: { clock: ctx.deps.clock, remote: refusingRemote }, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 }, maxUploadBytes: 64 * 1024 } }, { logger: false });
    ctx.deps.webhookTransport = { refuse: async () => 'no webhooks in this test', post: async () => ({ status: 200 }) };
    apiKey = (await setupOrganisation(app)).apiKey;
    const api = apiClient(app, apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id as string;
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id as string;
    const credentialId = (await api.post('/api/v1/credentials', minimalCredential(achievementId))).json().id as string;
    ids.push(issuerId, achievementId, credentialId);
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('documents enough routes to be worth fuzzing', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it('never answers 5xx to random JSON bodies, hostile path parameters or query strings', async () => {
    const rand = prng(0x1a);
    const failures: string[] = [];
    for (const route of routes) {
      for (let i = 0; i < 6; i++) {
        const url = `${fill(route.path, rand, ids)}?${new URLSearchParams({ [pick(rand, ['limit', 'cursor', 'q', 'format', 'version', 'recipient', 'x'])]: String(hostileValue(rand)) }).toString()}`;
        const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
        const headers: Record<string, string> = i % 2 === 0 ? { authorization: `Bearer ${apiKey}` } : {};
        const res = await app.inject({
          method: route.method as 'POST',
          url,
          headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
          ...(hasBody ? { payload: JSON.stringify(hostileObject(rand)) } : {}),
        });
        const wrong = insanity(res, route.path);
        if (wrong) failures.push(`${route.method} ${short(url)} ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 5xx to broken, scalar or deeply nested JSON', async () => {
    const writes = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    const rand = prng(0x2b);
    const failures: string[] = [];
    for (const route of writes) {
      for (const body of RAW_BODIES) {
        const url = fill(route.path, rand, ids);
        const res = await app.inject({ method: route.method as 'POST', url, payload: body, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } });
        const wrong = insanity(res, route.path);
        if (wrong) failures.push(`${route.method} ${short(url)} with ${short(body)}: ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses to let a __proto__ key change the shape of anything', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/issuers', payload: '{"name":"P","url":"https://p.example","email":"p@p.example","__proto__":{"id":"x"}}', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });
});
