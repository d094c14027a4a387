import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiClient } from './test-app.js';

/** One request a receiver got: its path, headers and body as text (the JSON that was signed). */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type HookReceiver = Awaited<ReturnType<typeof startHookReceiver>>;

/**
 * A real HTTP receiver on loopback, as a webhook endpoint or a no-code catch hook would be: it records every
 * request and answers with the statuses queued in `statuses`, then 200.
 */
export async function startHookReceiver() {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const urlOf = (path: string) => `http://127.0.0.1:${port}${path}`;
  return { received, statuses, port, url: urlOf('/hooks'), urlOf, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A clean start for a webhook test: the organisation's endpoints deleted, what they had queued drained, the receiver emptied. */
export async function clearHooks(api: ApiClient, receiver: HookReceiver, drain: () => Promise<unknown>): Promise<void> {
  for (const hook of (await api.get('/api/v1/webhooks')).json().items as { id: string }[]) await api.request('DELETE', `/api/v1/webhooks/${hook.id}`);
  await drain();
  receiver.received.length = 0;
  receiver.statuses.length = 0;
}
