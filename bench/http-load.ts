/**
 * A load generator in a child process for benches that measure a server over real sockets: it sends the raw HTTP/1.1
 * requests it is given over `connections` keep-alive sockets (one request in flight on each, the next request to
 * whichever socket answered), reads each answer by its `content-length`, and reports the statuses and the time taken.
 * Raw sockets rather than node:http's client or autocannon (see bench/page-views-http.ts): cheap enough to keep the
 * server busy, and its own CPU is its own process's, not the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The client side both socket benches run in their child process (JavaScript source, no TypeScript): `connect(host,
 * port)` opens a keep-alive socket and returns `send(request)`, resolving `{ status, body }` (the body only when the
 * status is 300 or more) once the answer is read by its `content-length`.
 */
export const RAW_CONNECT = `
const END = Buffer.from('\\r\\n\\r\\n');
function connect(host, port) {
  const socket = net.connect(port, host);
  socket.setNoDelay(true);
  let buffered = Buffer.alloc(0);
  let done = null;
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const end = buffered.indexOf(END);
    if (end < 0) return;
    const head = buffered.toString('latin1', 0, end);
    const length = /\\r\\ncontent-length: *(\\d+)/i.exec(head);
    if (!length) return done(new Error('no content-length: ' + head));
    const total = end + 4 + Number(length[1]);
    if (buffered.length < total) return;
    const status = Number(head.slice(9, 12));
    const body = status >= 300 ? buffered.toString('utf8', end + 4, Math.min(total, end + 304)) : '';
    buffered = buffered.subarray(total);
    const callback = done; done = null; callback(null, status, body);
  });
  socket.on('error', (e) => done && done(e));
  socket.on('close', () => done && done(new Error('closed')));
  return (request) => new Promise((resolve, reject) => { done = (e, status, body) => e ? reject(e) : resolve({ status, body }); socket.write(request, 'latin1'); });
}
`;

const CLIENT = `
const net = require('node:net');
${RAW_CONNECT}
let sockets = null;
process.on('message', async (m) => {
  if (m === 'exit') return process.exit(0);
  if (!sockets) sockets = Array.from({ length: m.connections }, () => connect(m.host, m.port));
  let next = 0;
  const statuses = {};
  const failures = [];
  const started = performance.now();
  try {
    await Promise.all(sockets.map(async (send) => {
      while (next < m.requests.length) {
        const { status, body } = await send(m.requests[next++]);
        statuses[status] = (statuses[status] || 0) + 1;
        if (status >= 300 && failures.length < 5) failures.push(status + ' ' + body);
      }
    }));
    process.send({ statuses, failures, ms: performance.now() - started });
  } catch (e) {
    process.send({ error: String(e) });
  }
});
`;

export interface LoadAnswer {
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** The first few answers of 300 and above: status and the start of the body. */
  failures: string[];
  ms: number;
}

export interface LoadClient {
  /** Sends every request (raw HTTP/1.1, keep-alive) over the client's connections; resolves when all are answered. */
  send(requests: readonly string[]): Promise<LoadAnswer>;
  stop(): void;
}

/** Starts the client process for a server at host:port; its `connections` sockets open on the first `send`. */
export function startLoadClient(host: string, port: number, connections: number): LoadClient {
  const child: ChildProcess = spawn(process.execPath, ['-e', CLIENT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending: { resolve(a: LoadAnswer): void; reject(e: Error): void } | undefined;
  child.on('message', (a: LoadAnswer & { error?: string }) => (a.error ? pending?.reject(new Error(a.error)) : pending?.resolve(a)));
  const exited = (code: number | null) => pending?.reject(new Error(`load client exited ${code}`));
  child.on('exit', exited);
  return {
    send: (requests) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ host, port, connections, requests });
      }),
    stop: () => {
      child.off('exit', exited);
      child.send('exit');
    },
  };
}

/** A raw HTTP/1.1 POST of a JSON body, keep-alive. */
export function rawJsonPost(host: string, path: string, headers: Record<string, string>, body: object): string {
  const json = Buffer.from(JSON.stringify(body));
  const lines = [`POST ${path} HTTP/1.1`, `host: ${host}`, 'content-type: application/json', `content-length: ${json.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n${json.toString('latin1')}`;
}
