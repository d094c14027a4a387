import { randomInt } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Clock } from '../../src/domain/shared/ports.js';

/**
 * A browser as the API sees one: a cookie jar (what Set-Cookie sets, until cleared or expired), the CSRF
 * token of the last session answer sent on writes, and its own client address (so per-client limits of one
 * test do not spill into another).
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(
    private readonly app: FastifyInstance,
    readonly ip = `198.51.100.${randomInt(1, 254)}`,
  ) {}

  async request(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { ...(cookie ? { cookie } : {}), ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}), 'user-agent': 'TestBrowser/1.0', ...headers },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const gone = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now() - 365 * 24 * 3600 * 1000);
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json = res.headers['content-type']?.toString().includes('json') ? (res.json() as { csrfToken?: string; session?: { csrfToken?: string } }) : undefined;
    const csrf = json?.csrfToken ?? json?.session?.csrfToken;
    if (csrf) this.csrf = csrf;
    return res;
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body);
  put = (url: string, body?: unknown) => this.request('PUT', url, body);
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body);
  delete = (url: string, body?: unknown) => this.request('DELETE', url, body);

  /** A new browser holding this one's cookies and CSRF token (a stolen cookie jar). */
  clone(): TestBrowser {
    const other = new TestBrowser(this.app);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    other.csrf = this.csrf;
    return other;
  }
}

/** A clock the test moves by hand. */
export function handClock(start = Date.parse('2031-03-01T09:00:00Z')) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (seconds: number) => void (now += seconds * 1000), nowMs: () => now };
}
