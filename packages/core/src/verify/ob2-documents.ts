/**
 * How OB 2.0 verification reads the documents a badge links to (badge class, issuer profile,
 * CryptographicKey, revocation list): always from their own http(s) URL, never from a copy embedded by
 * whoever hands the badge over, and each must carry the URL it was linked by as its `id`.
 */
import type { JsonObject } from '../contexts/bundled.js';
import { checkReason, type CheckReason } from './codes.js';
import { asArray, isObject } from './json.js';
import type { VerifyOptions } from './options.js';
import { errorMessage } from './report.js';

/** GET a JSON document; `url` is where it finally came from (after redirects). Throws when it cannot be read. */
export type Ob2Fetch = (url: string) => Promise<{ url: string; json: unknown }>;

export type Ob2Loaded = { ok: true; doc: JsonObject; url: string } | { ok: false; problem: CheckReason };

/** What is loaded, and the reason codes of its two ways of failing. */
export interface Ob2DocumentKind {
  what: string;
  unavailable: (detail: string, url: string | undefined) => CheckReason;
  idMismatch: (url: string, id: string) => CheckReason;
  /** A document whose `id` is optional in OB 2.0 (CryptographicKey, RevocationList): absent is fine, another is not. */
  idOptional?: boolean;
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The redirects an OB 2.0 document may take: within its origin (host and port), or from http to https
 * on the same host. Another origin is refused: an open redirect on the issuer's site would otherwise let
 * any server answer for the issuer's URLs.
 */
export function staysOnOrigin(from: string, to: string): boolean {
  const a = new URL(from);
  const b = new URL(to);
  if (a.protocol === b.protocol) return a.host === b.host;
  return a.protocol === 'http:' && b.protocol === 'https:' && a.hostname === b.hostname && (a.port === '' || a.port === '80') && (b.port === '' || b.port === '443');
}

/** The fetch OB 2.0 verification uses: the host's `fetchDocument`, else `fetchJson` (then the host is trusted to keep redirects on the origin). */
export function ob2Fetch(options: VerifyOptions): Ob2Fetch | undefined {
  if (options.fetchDocument) return options.fetchDocument;
  const fetchJson = options.fetchJson;
  return fetchJson ? async (url) => ({ url, json: await fetchJson(url) }) : undefined;
}

/**
 * Loads the document `ref` links to. A URL is fetched; an embedded object is fetched at its http(s) `id`
 * (the copy itself never counts); an embedded object without one cannot be trusted. The fetched
 * document's `id` must be the URL it was fetched at, and redirects must stay on that URL's origin.
 */
export async function loadOb2Document(fetch: Ob2Fetch | undefined, ref: unknown, kind: Ob2DocumentKind): Promise<Ob2Loaded> {
  const url = isObject(ref) ? ref.id : ref;
  const embedded = isObject(ref) ? 'the embedded ' : 'the ';
  if (!isHttpUrl(url)) {
    const detail = ref === undefined ? `no ${kind.what}` : `${embedded}${kind.what} has no http(s) id to be fetched from, so it cannot be trusted`;
    return { ok: false, problem: kind.unavailable(detail, undefined) };
  }
  if (!fetch) return { ok: false, problem: kind.unavailable(`no fetcher configured to load the ${kind.what} ${url}`, url) };
  let got: { url: string; json: unknown };
  try {
    got = await fetch(url);
  } catch (error) {
    return { ok: false, problem: kind.unavailable(errorMessage(error), url) };
  }
  if (got.url !== url && !staysOnOrigin(url, got.url)) {
    return { ok: false, problem: kind.unavailable(`${url} redirected to another origin (${new URL(got.url).origin})`, url) };
  }
  if (!isObject(got.json)) return { ok: false, problem: kind.unavailable(`${url} is not a JSON object`, url) };
  const id = got.json.id;
  if (id !== url && !(kind.idOptional && id === undefined)) return { ok: false, problem: kind.idMismatch(url, typeof id === 'string' ? id : String(JSON.stringify(id))) };
  return { ok: true, doc: got.json, url };
}

export const BADGE_CLASS: Ob2DocumentKind = {
  what: 'badge class',
  unavailable: (detail) => checkReason('badge-class-unavailable', `the badge class could not be loaded: ${detail}`, { detail }),
  idMismatch: (url, id) => checkReason('badge-class-id-mismatch', `the badge class at ${url} has id ${id}`, { url }),
};

export const ISSUER_PROFILE: Ob2DocumentKind = {
  what: 'issuer profile',
  unavailable: (detail) => checkReason('issuer-unavailable', `issuer could not be loaded: ${detail}`, { detail }),
  idMismatch: (url, id) => checkReason('issuer-id-mismatch', `the issuer profile at ${url} has id ${id}`, { url }),
};

/** The hosting rule of OB 2.0, read from the issuer profile fetched at its id (never from a copy). */
export function hostedOriginProblem(assertionId: string, issuer: JsonObject): CheckReason | undefined {
  const at = new URL(assertionId);
  const policy = isObject(issuer.verification) ? issuer.verification : {};
  const allowed = asArray(policy.allowedOrigins).map(String);
  const startsWith = asArray(policy.startsWith).map(String);
  if (startsWith.length > 0 && !startsWith.some((p) => assertionId.startsWith(p))) {
    return checkReason('hosted-prefix-not-allowed', 'the assertion id does not start with a prefix the issuer allows');
  }
  if (allowed.length > 0) {
    if (allowed.some((o) => o === at.host || o === at.hostname)) return undefined;
    return checkReason('hosted-origin-not-allowed', `${at.host} is not among the issuer's allowedOrigins`, { host: at.host });
  }
  // No allowedOrigins (with or without startsWith): the issuer id's own host and port, as the 1EdTech validator does.
  if (!isHttpUrl(issuer.id)) return checkReason('hosted-issuer-no-http-id', 'the issuer has no http(s) id to compare hosts with');
  const issuerHost = new URL(issuer.id).host;
  if (issuerHost !== at.host) {
    return checkReason('hosted-wrong-host', `the assertion is hosted on ${at.host}, not on the issuer's host ${issuerHost}`, { host: at.host, issuerHost });
  }
  return undefined;
}
