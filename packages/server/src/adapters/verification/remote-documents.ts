import type { Remote, RemoteDocuments, VerifyAnyDeps } from '../../domain/verification/ports.js';
import type { Clock } from '../../domain/shared/ports.js';
import { pdfEmbeddedFilesReader } from '../pdf/embedded-files.js';
import { nodeJwsVerifier } from '../keys/node-jws-verifier.js';
import type { IsolatedPool } from '../isolation/isolated-pool.js';
import { createGuardedFetch, fetchFailureClass, isFetchError, type GuardedFetch, type GuardedFetchOptions } from '../fetch/index.js';

/** What a badge link may answer with: JSON(-LD), a compact JWS / VC-JWT, a baked image, or a PDF certificate. */
const BADGE_MEDIA_TYPES = [
  'application/json',
  'application/ld+json',
  'application/*+json',
  'application/vc+jwt',
  'application/vc+ld+json+jwt',
  'application/dc+sd-jwt',
  'application/vc+sd-jwt',
  'application/jwt',
  'application/jose',
  'text/plain',
  'image/png',
  'image/svg+xml',
  'application/pdf',
  // A credential's public page: read for its <link rel="alternate"> to the credential (one hop, same origin).
  'text/html',
  'application/xhtml+xml',
];
const BADGE_ACCEPT = 'application/ld+json, application/json;q=0.9, application/vc+jwt;q=0.8, application/dc+sd-jwt;q=0.8, image/png;q=0.5, image/svg+xml;q=0.5, application/pdf;q=0.4, text/plain;q=0.3, text/html;q=0.2';

const shown = (url: string): string => (url.length > 200 ? `${url.slice(0, 200)}…` : url);

/**
 * A failed fetch as the verifier reports it: "could not fetch <the URL asked for>: <class>". The full
 * message (resolved address, DNS error code, socket error, where a redirect went) goes to `detail`.
 */
export function fetchFailure(url: string, error: unknown): { ok: false; reason: string; status?: number | undefined; detail: string } {
  const detail = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  if (isFetchError(error)) return { ok: false, reason: `could not fetch ${shown(url)}: ${fetchFailureClass(error)}`, status: error.status, detail };
  return { ok: false, reason: `could not fetch ${shown(url)}`, detail };
}

/** The verifier's remote port over the SSRF-guarded fetch (its cache included). Never throws. */
export function guardedRemoteDocuments(fetcher: GuardedFetch): RemoteDocuments {
  return {
    async getJson(url): Promise<Remote<{ url: string; json: unknown }>> {
      try {
        const got = await fetcher.fetchJson(url);
        return { ok: true, url: got.url, json: got.json };
      } catch (error) {
        return fetchFailure(url, error);
      }
    },
    async getResource(url) {
      try {
        const got = await fetcher.fetchBytes(url, { accept: BADGE_ACCEPT, contentTypes: BADGE_MEDIA_TYPES });
        return { ok: true, url: got.url, contentType: got.contentType, body: got.body };
      } catch (error) {
        return fetchFailure(url, error);
      }
    },
  };
}

export interface VerifierSettings {
  /** Hosts (`host` or `host:port`) exempt from the private-address refusal: LAUREL_FETCH_ALLOW_HOSTS. */
  allowHosts: readonly string[];
  /** Per outbound fetch. Default 10 s. */
  timeoutMs?: number | undefined;
  /** Largest document or image fetched. Default 2 MiB. */
  maxBytes?: number | undefined;
  /** Whole verification. Default 20 s. */
  deadlineMs?: number | undefined;
  /** Where PDFs are parsed (off the event loop); absent: in this thread. */
  isolation?: IsolatedPool | undefined;
  /** Test hooks: DNS lookup, etc. */
  fetch?: Partial<GuardedFetchOptions> | undefined;
}

/** The verifier's dependencies in production: a guarded fetch with its HTTP cache, shared across requests. */
export function createVerifierDeps(settings: VerifierSettings, clock: Clock): VerifyAnyDeps {
  const fetcher = createGuardedFetch({
    allowHosts: settings.allowHosts,
    timeoutMs: settings.timeoutMs ?? 10_000,
    connectTimeoutMs: Math.min(5_000, settings.timeoutMs ?? 5_000),
    maxBytes: settings.maxBytes ?? 2 * 1024 * 1024,
    clock,
    ...settings.fetch,
  });
  return { clock, remote: guardedRemoteDocuments(fetcher), pdf: pdfEmbeddedFilesReader({ isolation: settings.isolation }), deadlineMs: settings.deadlineMs, jwsVerifier: nodeJwsVerifier };
}
