import { createServer, type Server } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock/system.js';
import { createVerifierDeps } from './remote-documents.js';

const IP = /\b\d{1,3}(\.\d{1,3}){3}\b|\b[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}\b/i;
const ERROR_CODE = /\bE[A-Z]{4,}\b|EAI_/;
const RESOLVER_OR_SOCKET = /getaddrinfo|loopback|private-use|link-local|resolves to|socket|connect /i;

/** A port on this machine that refuses connections: bound, then closed. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('what the verifier says when a fetch fails', () => {
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
  });

  const expectCoarse = (got: { ok: boolean; reason?: string; detail?: string }, url: string, klass: string) => {
    expect(got.ok).toBe(false);
    expect(got.reason).toBe(`could not fetch ${url}: ${klass}`);
    expect(got.reason!.replace(url, '')).not.toMatch(IP);
    expect(got.reason).not.toMatch(RESOLVER_OR_SOCKET);
    expect(got.reason).not.toMatch(ERROR_CODE);
    // The detail is kept, for the server's log.
    expect(got.detail).toBeTruthy();
  };

  it('an unresolvable host: "host not found", no resolver error code', async () => {
    const { remote } = createVerifierDeps({ allowHosts: [] }, systemClock);
    const url = 'https://no-such-host.invalid/badge.json';
    expectCoarse(await remote.getJson(url), url, 'host not found');
    expectCoarse(await remote.getResource(url), url, 'host not found');
  });

  it('a host that resolves to a private address: "not allowed", without the address', async () => {
    const { remote } = createVerifierDeps({ allowHosts: [], fetch: { lookup: async () => [{ address: '10.20.30.40', family: 4 }] } }, systemClock);
    const url = 'https://intranet-wiki.example/badge.json';
    const got = await remote.getJson(url);
    expectCoarse(got, url, 'not allowed (private address)');
    expect(got.ok === false && got.detail).toContain('10.20.30.40');
  });

  it('a refused connection: "connection refused", without the address or the socket error', async () => {
    const { remote } = createVerifierDeps({ allowHosts: [`badges.corp.example:${port}`], fetch: { lookup: async () => [{ address: '127.0.0.1', family: 4 }] } }, systemClock);
    const url = `http://badges.corp.example:${port}/badge.json`;
    expectCoarse(await remote.getJson(url), url, 'connection refused');
  });
});
