/**
 * A Laurel cluster on one machine for the cluster test: server processes (`packages/server/src/main.ts`,
 * as `npm start` runs it, from the run's transpiled mirror: server-mirror.ts), a round-robin HTTP load balancer in front of them, and an SMTP sink that
 * only counts what it receives (10,000 messages kept whole would be a few hundred megabytes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, createServer, type IncomingHttpHeaders } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { ROOT } from './process.js';
import { builtServerMain } from './built-server.js';

export interface Instance {
  port: number;
  child: ChildProcess;
  /** The last lines it wrote (shown when something fails). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `packages/server/src/main.ts` on `port` with `env` and waits until `/readyz` answers 200. */
export async function startInstance(port: number, env: Record<string, string>, timeoutMs = 120_000): Promise<Instance> {
  const child = spawn(process.execPath, [await builtServerMain()], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const instance: Instance = { port, child, output: () => tail, exited };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`instance on port ${port} exited while starting:\n${tail}`);
    const ready = await send(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return instance;
    if (Date.now() > deadline) throw new Error(`instance on port ${port} not ready within ${timeoutMs} ms:\n${tail}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json<T = Record<string, any>>(): T;
}

/**
 * One HTTP request with node:http (no keep-alive). `localAddress` picks the loopback address the request
 * comes from (any of 127.0.0.0/8 on Linux): the client a load balancer names in X-Forwarded-For.
 */
export function send(url: string, o: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: o.method ?? 'GET', headers: { ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}), ...o.headers }, agent: false, ...(o.localAddress ? { localAddress: o.localAddress } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

export interface LoadBalancer {
  url: string;
  /** The upstream port that answered each request, in order. */
  served: number[];
  close(): Promise<void>;
}

/**
 * A round-robin load balancer as a hosting platform's would be: each request goes to the next upstream;
 * one that refuses the connection (a dead instance) is skipped for the next. It names the client in
 * X-Forwarded-For (the instances run with LAUREL_TRUST_PROXY=true).
 */
export async function roundRobin(upstreams: readonly number[]): Promise<LoadBalancer> {
  let next = 0;
  const served: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (left: number): void => {
        const port = upstreams[next++ % upstreams.length]!;
        const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '', 'x-forwarded-proto': 'http', connection: 'close' };
        const up = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
          served.push(port);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        // Refused: nothing reached that instance, so the request may go to the next one.
        up.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && left > 1) return attempt(left - 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`load balancer: ${error.code ?? error.message}`);
        });
        up.end(body);
      };
      attempt(upstreams.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface CountingSink {
  url: string;
  /** Message-IDs received per recipient address, one entry per delivery. */
  deliveries: Map<string, string[]>;
  total(): number;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) that records, per recipient, the Message-ID of each message delivered. */
export async function countingSmtpSink(): Promise<CountingSink> {
  const deliveries = new Map<string, string[]>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (!head.includes('\r\n\r\n') && head.length < 64_000) head += c.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '(none)';
        for (const to of session.envelope.rcptTo) deliveries.set(to.address, [...(deliveries.get(to.address) ?? []), id]);
        total++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, deliveries, total: () => total, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
