import type { JsonObject } from '../contexts/bundled.js';
import { findVerificationMethod } from '../loader/document-loader.js';
import { DocumentLoaderError } from '../contexts/errors.js';
import { multikeyFromDidKey, multikeyVerificationMethod } from '../keys/did-key.js';
import { checkReason, type CheckReason } from './codes.js';
import { asArray, isObject } from './json.js';
import type { VerifyOptions } from './options.js';
import { errorMessage } from './report.js';

/**
 * A key counts for an issuer only when the issuer's own controller document — the DID document of
 * its DID (did:key derived, did:web through the host's resolver), or for an http(s) issuer the
 * document at its id — lists it under `assertionMethod`. Never because the key's own document, or
 * any other, names the issuer as its controller. Key material and retirement (`revoked`) are read
 * from the issuer's document.
 */
export type IssuerKey =
  | { ok: true; issuer: string; /** The verification method as the issuer describes it: absolute id, with `@context`. */ method: JsonObject }
  /** `unavailable`: the issuer's document itself could not be read (or is for another id). */
  | { ok: false; why: CheckReason; unavailable: boolean };

export function baseOf(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}

const isHttp = (id: string) => /^https?:\/\//i.test(id);

async function readIssuerDocument(issuer: string, options: VerifyOptions): Promise<JsonObject> {
  let document: unknown;
  try {
    // The host's loader first: DIDs, and documents it already knows (an `extra` controller document).
    document = (await options.documentLoader(issuer)).document;
  } catch (error) {
    if (!isHttp(issuer) || !(error instanceof DocumentLoaderError && error.code === 'unknown-document')) throw error;
    if (!options.fetchJson) throw new Error('no fetcher configured to read the issuer document');
    document = await options.fetchJson(issuer);
  }
  if (!isObject(document)) throw new Error(`the issuer document ${issuer} is not a JSON object`);
  if (document.id !== issuer) throw new Error(`the document of ${issuer} is for ${String(document.id)}`);
  return document;
}

/** The issuer's controller document, read at most once per verification (its status lists included). */
export function issuerDocument(issuer: string, options: VerifyOptions): Promise<JsonObject> {
  const memo = options.issuerDocuments;
  const known = memo?.get(issuer);
  if (known) return known;
  const reading = readIssuerDocument(issuer, options);
  memo?.set(issuer, reading);
  return reading;
}

function withContextOf(document: JsonObject, node: JsonObject): JsonObject {
  return node['@context'] !== undefined || document['@context'] === undefined ? node : { '@context': document['@context'], ...node };
}

/**
 * The verification method `id` as `document` authorises it for assertions: listed (by reference or
 * embedded, relative `#fragment` ids resolved against the document id) under `assertionMethod`.
 * A bare id naming the document itself means its only assertion method (as did:key verifiers do).
 * A reference must be described in the document, unless it is a did:key URL (its key is its id).
 */
export function assertionMethodIn(
  document: JsonObject,
  id: string,
  /** The verification relationship to look in: `authentication` for a holder's presentation proofs. */
  relationship: 'assertionMethod' | 'authentication' = 'assertionMethod',
): JsonObject | 'not-listed' | 'not-described' {
  const base = String(document.id);
  const absolute = (ref: string) => (ref.startsWith('#') ? base + ref : ref);
  const entries = asArray(document[relationship]);
  const refOf = (entry: unknown) => (typeof entry === 'string' ? absolute(entry) : isObject(entry) && typeof entry.id === 'string' ? absolute(entry.id) : undefined);
  const target = id === base && entries.length === 1 ? (refOf(entries[0]) ?? id) : id;
  for (const entry of entries) {
    if (refOf(entry) !== target) continue;
    // Described by the issuer's document (its `controller`, if it names one, changes nothing: the issuer listed it).
    if (isObject(entry)) return withContextOf(document, { controller: base, ...entry, id: target });
    const described = findVerificationMethod(document, target);
    if (described) return withContextOf(document, { controller: base, ...described });
    const didKey = target.includes('#') ? multikeyFromDidKey(target) : undefined;
    if (didKey) return multikeyVerificationMethod({ id: target, controller: baseOf(target), publicKeyMultibase: didKey });
    return 'not-described';
  }
  return 'not-listed';
}

/** Binds the key `key` (a verification method URL, a `kid`) to `issuer`, reading the issuer's document once. */
export async function bindIssuerKey(issuer: string | undefined, key: string, options: VerifyOptions): Promise<IssuerKey> {
  if (!issuer) return { ok: false, unavailable: false, why: checkReason('issuer-missing', 'the credential has no issuer id') };
  let document: JsonObject;
  try {
    document = await issuerDocument(issuer, options);
  } catch (error) {
    const detail = errorMessage(error);
    return { ok: false, unavailable: true, why: checkReason('issuer-unavailable', `the issuer's document ${issuer} could not be read: ${detail}`, { detail }) };
  }
  const found = assertionMethodIn(document, key);
  if (found === 'not-listed') {
    return { ok: false, unavailable: false, why: checkReason('key-not-authorized-by-issuer', `the issuer ${issuer} does not list the key ${key} under assertionMethod`, { key, issuer }) };
  }
  if (found === 'not-described') {
    const detail = `the issuer ${issuer} lists it under assertionMethod but does not describe it`;
    return { ok: false, unavailable: false, why: checkReason('key-unresolved', `key could not be resolved: ${key} (${detail})`, { key, detail }) };
  }
  return { ok: true, issuer, method: found };
}

/**
 * When the issuer's document cannot be read and the key lives in that same document, the key is
 * simply unresolved (nothing else to try): the reason both the proof and issuer-key checks give.
 */
export function unresolvedWithIssuer(binding: IssuerKey, issuer: string | undefined, key: string): CheckReason | undefined {
  if (binding.ok || !binding.unavailable || baseOf(key) !== issuer) return undefined;
  const detail = binding.why.params?.detail ?? binding.why.reason;
  return checkReason('key-unresolved', `key could not be resolved: ${key} (${detail})`, { key, detail });
}
