import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { guardedWebhookTransport } from './guarded-transport.js';

const IP = /\b\d{1,3}(\.\d{1,3}){3}\b/;

describe('what an organisation learns when its webhook URL cannot be used', () => {
  it('refusing a host that resolves to a private address names the host it gave, never the address', async () => {
    const transport = guardedWebhookTransport({ lookup: async () => [{ address: '10.1.2.3', family: 4 }] });
    const reason = await transport.refuse('https://crm.intranet.example/hooks');
    expect(reason).toBe('crm.intranet.example: not allowed (private address); only public addresses may receive webhooks');
    expect(reason).not.toMatch(IP);
  });

  it('a failed delivery is recorded as a class, without the address or the socket error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const transport = guardedWebhookTransport({ allowHosts: [`hooks.corp.example:${port}`], lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
    const error = await transport.post(`http://hooks.corp.example:${port}/in`, {}, '{}').then(() => null, (e: Error) => e);
    expect(error?.message).toBe(`could not deliver to hooks.corp.example:${port}: connection refused`);
    expect(error?.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });
});
