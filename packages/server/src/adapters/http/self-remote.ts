import type { FastifyInstance } from 'fastify';
import type { RemoteDocuments } from '../../domain/verification/ports.js';

/**
 * Remote documents, except that this server's own URLs (its credentials, keys, DID documents and
 * status lists, under LAUREL_BASE_URL, by http or https as did:web implies) are answered in-process
 * through `app.inject`: verifying our own credentials never leaves the process nor needs the network.
 */
export function selfAwareRemote(app: FastifyInstance, baseUrl: string, remote: RemoteDocuments): RemoteDocuments {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const ownPath = (raw: string): string | undefined => {
    try {
      const url = new URL(raw);
      if (url.host !== base.host || !['http:', 'https:'].includes(url.protocol)) return undefined;
      if (basePath && !url.pathname.startsWith(`${basePath}/`)) return undefined;
      return url.pathname.slice(basePath.length) + url.search;
    } catch {
      return undefined;
    }
  };
  const get = (path: string, accept: string) => app.inject({ method: 'GET', url: path, headers: { accept } });
  /** A remote failure's detail (addresses, resolver and socket errors) goes to the log, never further. */
  const logged = async <T extends { ok: boolean; detail?: string | undefined }>(url: string, got: Promise<T>): Promise<T> => {
    const result = await got;
    if (result.ok || result.detail === undefined) return result;
    app.log.info({ url, detail: result.detail }, 'verifier: a remote document could not be fetched');
    const { detail: _detail, ...shown } = result;
    return shown as T;
  };
  return {
    async getJson(url) {
      const path = ownPath(url);
      if (path === undefined) return logged(url, remote.getJson(url));
      const res = await get(path, 'application/ld+json, application/json');
      if (res.statusCode !== 200) return { ok: false, reason: `${url} answered ${res.statusCode}`, status: res.statusCode };
      try {
        return { ok: true, url, json: JSON.parse(res.body) as unknown };
      } catch {
        return { ok: false, reason: `${url} is not JSON` };
      }
    },
    async getResource(url) {
      const path = ownPath(url);
      if (path === undefined) return logged(url, remote.getResource(url));
      const res = await get(path, 'application/ld+json, application/json;q=0.9, image/png;q=0.5');
      if (res.statusCode !== 200) return { ok: false, reason: `${url} answered ${res.statusCode}`, status: res.statusCode };
      return { ok: true, url, contentType: String(res.headers['content-type'] ?? '') || undefined, body: new Uint8Array(res.rawPayload) };
    },
  };
}
