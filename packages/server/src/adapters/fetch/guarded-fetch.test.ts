import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError, type FetchErrorCode } from './errors.js';
import { createGuardedFetch } from './guarded-fetch.js';
import type { DnsLookup } from './resolve.js';
import { startHttpsHost } from '../../../test/support/https-host.js';

interface TestServer {
  readonly port: number;
  readonly origin: string;
  /** TCP connections accepted, to prove refused fetches never connected. */
  connections: number;
  requests: IncomingMessage[];
}

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse, self: TestServer) => void): Promise<TestServer> {
  const state = { port: 0, origin: '', connections: 0, requests: [] as IncomingMessage[] };
  const server = createServer((req, res) => {
    state.requests.push(req);
    handler(req, res, state);
  });
  server.on('connection', () => state.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
});

const json = (body: unknown, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/ld+json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

async function codeOf(promise: Promise<unknown>): Promise<FetchErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof FetchError) return error.code;
    throw error;
  }
}

/** A resolver for made-up names; never touches real DNS. */
function fakeDns(table: Record<string, string[]>, calls: string[] = []): DnsLookup {
  return async (hostname) => {
    calls.push(hostname);
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('createGuardedFetch: address checks', () => {
  it('fetches from an allow-listed loopback server', async () => {
    const server = await serve(json({ hello: 'world' }));
    const guarded = createGuardedFetch({ allowHosts: [`127.0.0.1:${server.port}`] });
    const result = await guarded.fetchJson(`${server.origin}/assertion.json`);
    expect(result).toMatchObject({ url: `${server.origin}/assertion.json`, json: { hello: 'world' }, fromCache: false });
    expect(server.requests[0]?.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('refuses loopback, localhost, ::1, metadata and private addresses before connecting', async () => {
    const server = await serve(json({}));
    const guarded = createGuardedFetch({
      allowHosts: ['127.0.0.1:1'], // a different port: not this server
      lookup: fakeDns({ 'metadata.test': ['169.254.169.254'], 'mixed.test': ['93.184.215.14', '10.0.0.5'], 'v6.test': ['fd00::1'] }),
    });
    const started = performance.now();
    for (const url of [
      `${server.origin}/`,
      `http://[::1]:${server.port}/`,
      `http://[::ffff:127.0.0.1]:${server.port}/`,
      `http://2130706433:${server.port}/`,
      `http://0x7f.1:${server.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.test/',
      'http://mixed.test/',
      'http://v6.test/',
      'http://10.1.2.3/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[fe80::1]/',
    ]) {
      expect({ url, code: await codeOf(guarded.fetchBytes(url)) }).toEqual({ url, code: 'address-not-allowed' });
    }
    expect(await codeOf(createGuardedFetch().fetchBytes(`http://localhost:${server.port}/`))).toBe('address-not-allowed');
    expect(server.connections).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses schemes other than http and https', async () => {
    const guarded = createGuardedFetch();
    for (const url of ['file:///etc/passwd', 'data:application/json,{}', 'ftp://example.org/x', 'gopher://example.org/', 'javascript:alert(1)']) {
      expect(await codeOf(guarded.fetchBytes(url))).toBe('scheme-not-allowed');
    }
    expect(await codeOf(guarded.fetchBytes('not a url'))).toBe('invalid-url');
  });

  it('allowPrivate admits loopback but never link-local metadata', async () => {
    const server = await serve(json({ ok: true }));
    const guarded = createGuardedFetch({ allowPrivate: true });
    expect((await guarded.fetchJson(`${server.origin}/`)).json).toEqual({ ok: true });
    expect(await codeOf(guarded.fetchBytes('http://169.254.169.254/'))).toBe('address-not-allowed');
  });

  it('connects to the checked address only (pinned), keeping the hostname in Host', async () => {
    const server = await serve(json({ pinned: true }));
    const calls: string[] = [];
    // `badges.test` does not exist in real DNS: the request can only succeed through the pinned lookup.
    const guarded = createGuardedFetch({ allowHosts: [`badges.test:${server.port}`], lookup: fakeDns({ 'badges.test': ['127.0.0.1'] }, calls) });
    expect((await guarded.fetchJson(`http://badges.test:${server.port}/a`)).json).toEqual({ pinned: true });
    expect(server.requests[0]?.headers.host).toBe(`badges.test:${server.port}`);
    expect(calls).toEqual(['badges.test']);
  });

  it('reports DNS failures', async () => {
    const guarded = createGuardedFetch({ lookup: fakeDns({}) });
    expect(await codeOf(guarded.fetchBytes('http://nowhere.test/'))).toBe('dns-failed');
  });
});

describe('createGuardedFetch: https', () => {
  it('refuses a certificate no trusted authority signed, unless its CA is given as extraCa', async () => {
    const host = await startHttpsHost();
    try {
      host.routes.set('/did.json', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"x"}');
      });
      const allowHosts = [`127.0.0.1:${host.port}`];
      const untrusted = await createGuardedFetch({ allowHosts, cache: false }).fetchJson(`${host.origin}/did.json`).catch((e: unknown) => e);
      expect(untrusted).toBeInstanceOf(FetchError);
      expect((await createGuardedFetch({ allowHosts, cache: false, extraCa: [host.ca] }).fetchJson(`${host.origin}/did.json`)).json).toEqual({ id: 'x' });
    } finally {
      await host.close();
    }
  });
});

describe('createGuardedFetch: redirects', () => {
  it('refuses a redirect from an allow-listed server to a private address', async () => {
    const target = await serve(json({ secret: true }));
    const guarded = (location: string) => serve((_req, res) => { res.writeHead(302, { location }); res.end(); });
    for (const location of [`${target.origin}/secret`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/']) {
      const hop = await guarded(location);
      const client = createGuardedFetch({ allowHosts: [`127.0.0.1:${hop.port}`] });
      expect(await codeOf(client.fetchBytes(`${hop.origin}/start`))).toBe('address-not-allowed');
    }
    const toFile = await guarded('file:///etc/passwd');
    expect(await codeOf(createGuardedFetch({ allowHosts: [`127.0.0.1:${toFile.port}`] }).fetchBytes(toFile.origin))).toBe('scheme-not-allowed');
    expect(target.connections).toBe(0);
  });

  it('follows up to 3 redirects, each checked, and refuses a loop', async () => {
    const chain = await serve((req, res) => {
      const n = Number(req.url?.slice(1) || 0);
      if (n < 3) res.writeHead(307, { location: `/${n + 1}` }).end();
      else json({ hops: n })(req, res);
    });
    const loop = await serve((_req, res) => { res.writeHead(301, { location: '/again' }); res.end(); });
    const client = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    const result = await client.fetchJson(`${chain.origin}/0`);
    expect(result).toMatchObject({ json: { hops: 3 }, url: `${chain.origin}/3` });
    expect(await codeOf(client.fetchBytes(`${loop.origin}/`))).toBe('too-many-redirects');
    expect(loop.requests).toHaveLength(4);
  });
});

describe('createGuardedFetch: timeouts, sizes, statuses, types', () => {
  it('times out on a server that never answers', async () => {
    const slow = await serve(() => undefined);
    const client = createGuardedFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 150 });
    const started = performance.now();
    expect(await codeOf(client.fetchBytes(`${slow.origin}/`))).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('times out on a server that drips its body', async () => {
    const drip = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    const client = createGuardedFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 150 });
    expect(await codeOf(client.fetchJson(`${drip.origin}/`))).toBe('timeout');
  });

  it('refuses bodies over the cap, declared or not', async () => {
    const big = Buffer.alloc(64 * 1024, 0x20);
    const declared = await serve((_req, res) => { res.writeHead(200, { 'content-length': big.length }); res.end(big); });
    const chunked = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 8; i++) res.write(big.subarray(0, 8 * 1024));
      res.end();
    });
    const client = createGuardedFetch({ allowHosts: ['127.0.0.1'], maxBytes: 16 * 1024 });
    expect(await codeOf(client.fetchBytes(`${declared.origin}/`))).toBe('too-large');
    expect(await codeOf(client.fetchBytes(`${chunked.origin}/`))).toBe('too-large');
  });

  it('checks status, content type and JSON', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/missing') res.writeHead(404).end();
      else if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html/>');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
    });
    const client = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    const error = await client.fetchBytes(`${server.origin}/missing`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-status', status: 404 });
    expect(await codeOf(client.fetchJson(`${server.origin}/html`))).toBe('bad-content-type');
    expect(await codeOf(client.fetchBytes(`${server.origin}/html`, { contentTypes: ['text/*'] }))).toBe('resolved');
    expect(await codeOf(client.fetchJson(`${server.origin}/broken`))).toBe('bad-json');
  });
});

describe('createGuardedFetch: cache', () => {
  it('honours max-age on an injected clock, and no-store', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const server = await serve((req, res) => {
      const cacheControl = req.url === '/fresh' ? 'public, max-age=60' : 'no-store';
      json({ n: server.requests.length }, { 'cache-control': cacheControl })(req, res);
    });
    const client = createGuardedFetch({ allowHosts: ['127.0.0.1'], clock: { now: () => new Date(now) } });
    expect(await client.fetchJson(`${server.origin}/fresh`)).toMatchObject({ json: { n: 1 }, fromCache: false });
    expect(await client.fetchJson(`${server.origin}/fresh`)).toMatchObject({ json: { n: 1 }, fromCache: true });
    now += 61_000;
    expect(await client.fetchJson(`${server.origin}/fresh`)).toMatchObject({ json: { n: 2 }, fromCache: false });
    expect(await client.fetchJson(`${server.origin}/nostore`)).toMatchObject({ json: { n: 3 }, fromCache: false });
    expect(await client.fetchJson(`${server.origin}/nostore`)).toMatchObject({ json: { n: 4 }, fromCache: false });
  });
});
