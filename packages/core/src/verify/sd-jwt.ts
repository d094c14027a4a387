import type { JsonObject } from '../contexts/bundled.js';
import { fromBase64Url, toBase64Url } from '../status/base64url.js';
import { checkReason, type CheckReason } from './codes.js';
import { isObject } from './json.js';
import { parseCompactJws, type ParsedJws } from './jws.js';

/**
 * SD-JWT (RFC 9901, used by SD-JWT VC): `<issuer-signed JWT>~<disclosure>~…~<optional KB-JWT>`.
 * Pure: splitting, digests and the reconstruction of the disclosed claims; signatures are checked
 * by the caller.
 */

/** Limits on untrusted SD-JWTs: disclosures per token, nesting depth of the payload walked. */
export const MAX_DISCLOSURES = 1000;
const MAX_DEPTH = 64;

const SEGMENT = '[A-Za-z0-9_-]+';
const JWS = `${SEGMENT}\\.${SEGMENT}\\.${SEGMENT}`;
const SD_JWT = new RegExp(`^${JWS}~(?:${SEGMENT}~)*(?:${JWS})?$`);

export function looksLikeSdJwt(input: unknown): boolean {
  // Every SD-JWT has a `~`; a plain JWS never does, and is not run through the pattern.
  return typeof input === 'string' && input.includes('~') && SD_JWT.test(input.trim());
}

export interface SplitSdJwt {
  issuerJwt: string;
  parsed: ParsedJws;
  disclosures: string[];
  kbJwt?: string | undefined;
  /** What the KB-JWT's `sd_hash` covers: everything up to and including the last `~`. */
  presented: string;
}

export function splitSdJwt(text: string): SplitSdJwt | CheckReason {
  const trimmed = text.trim();
  const parts = trimmed.split('~');
  const issuerJwt = parts[0] ?? '';
  const last = parts.at(-1) ?? '';
  const disclosures = parts.slice(1, -1);
  if (disclosures.length > MAX_DISCLOSURES) return malformed(`more than ${MAX_DISCLOSURES} disclosures`);
  const parsed = parseCompactJws(issuerJwt);
  if (!parsed) return malformed('the issuer-signed JWT is not a compact JWS with a JSON payload');
  const presented = trimmed.slice(0, trimmed.length - last.length);
  return { issuerJwt, parsed, disclosures, presented, ...(last ? { kbJwt: last } : {}) };
}

function malformed(detail: string): CheckReason {
  return checkReason('format-sd-jwt-malformed', `not a readable SD-JWT: ${detail}`, { detail });
}

const HASHES: Record<string, string> = { 'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512' };

export function hashAlgorithmOf(payload: JsonObject): string | undefined {
  const alg = payload._sd_alg ?? 'sha-256';
  return typeof alg === 'string' ? HASHES[alg.toLowerCase()] : undefined;
}

/** base64url(hash(ASCII(text))): a disclosure's digest, or the KB-JWT's `sd_hash`. */
export async function sdDigest(text: string, hash: string): Promise<string> {
  const bytes = await globalThis.crypto.subtle.digest(hash, new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(bytes));
}

type Disclosure = { index: number; name?: string; value: unknown };

function decodeDisclosure(encoded: string, index: number): Disclosure | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(encoded)));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string') return undefined;
  if (value.length === 3 && typeof value[1] === 'string') return { index, name: value[1], value: value[2] };
  if (value.length === 2) return { index, value: value[1] };
  return undefined;
}

const refused = (why: CheckReason): Reconstructed => ({ ok: false, why });

class Refusal extends Error {
  constructor(readonly why: CheckReason) {
    super(why.reason);
  }
}

interface Walk {
  byDigest: Map<string, Disclosure>;
  seen: Set<string>;
  used: Set<number>;
}

function claim(walk: Walk, digest: unknown): Disclosure | undefined {
  if (typeof digest !== 'string') throw new Refusal(checkReason('sd-digest-duplicated', 'a digest is not a string', { digest: String(digest) }));
  if (walk.seen.has(digest)) throw new Refusal(checkReason('sd-digest-duplicated', `the digest ${digest} appears more than once`, { digest }));
  walk.seen.add(digest);
  const found = walk.byDigest.get(digest);
  if (found) walk.used.add(found.index);
  return found;
}

function unfold(value: unknown, walk: Walk, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Refusal(malformed(`nested deeper than ${MAX_DEPTH}`));
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (isObject(item) && Object.keys(item).length === 1 && '...' in item) {
        const found = claim(walk, item['...']);
        if (!found) continue; // a decoy, or an element not disclosed
        if (found.name !== undefined) throw new Refusal(checkReason('sd-disclosure-malformed', `disclosure ${found.index} names a claim where an array element is expected`, { index: String(found.index) }));
        out.push(unfold(found.value, walk, depth + 1));
      } else out.push(unfold(item, walk, depth + 1));
    }
    return out;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== '_sd') out[key] = unfold(child, walk, depth + 1);
  }
  if (value._sd === undefined) return out;
  if (!Array.isArray(value._sd)) throw new Refusal(malformed('_sd is not an array'));
  for (const digest of value._sd) {
    const found = claim(walk, digest);
    if (!found) continue;
    const name = found.name;
    if (name === undefined) throw new Refusal(checkReason('sd-disclosure-malformed', `disclosure ${found.index} has no claim name where an object property is expected`, { index: String(found.index) }));
    if (name === '_sd' || name === '...' || Object.hasOwn(out, name)) {
      throw new Refusal(checkReason('sd-disclosure-claim-invalid', `disclosure ${found.index} names ${name}, which it may not set`, { name }));
    }
    out[name] = unfold(found.value, walk, depth + 1);
  }
  return out;
}

/**
 * The claims the disclosures reveal (RFC 9901 § 7.1): each disclosure's digest must appear exactly
 * once, in the signed payload or in another disclosure's value; no digest twice; no disclosure left
 * over; a disclosed claim never overwrites one already there. `_sd` and `_sd_alg` are removed.
 */
export type Reconstructed = { ok: true; claims: JsonObject } | { ok: false; why: CheckReason };

export async function reconstructClaims(payload: JsonObject, disclosures: readonly string[]): Promise<Reconstructed> {
  const hash = hashAlgorithmOf(payload);
  if (!hash) return refused(checkReason('sd-alg-unsupported', `_sd_alg ${String(payload._sd_alg)} is not supported (sha-256, sha-384, sha-512)`, { alg: String(payload._sd_alg) }));
  const byDigest = new Map<string, Disclosure>();
  for (const [index, encoded] of disclosures.entries()) {
    const decoded = decodeDisclosure(encoded, index);
    if (!decoded) return refused(checkReason('sd-disclosure-malformed', `disclosure ${index} is not a base64url JSON array [salt, name, value] or [salt, value]`, { index: String(index) }));
    const digest = await sdDigest(encoded, hash);
    if (byDigest.has(digest)) return refused(checkReason('sd-digest-duplicated', `disclosure ${index} repeats an earlier disclosure (digest ${digest})`, { digest }));
    byDigest.set(digest, decoded);
  }
  const walk: Walk = { byDigest, seen: new Set(), used: new Set() };
  let claims: unknown;
  try {
    const { _sd_alg: _alg, ...rest } = payload;
    claims = unfold(rest, walk, 0);
  } catch (error) {
    if (error instanceof Refusal) return refused(error.why);
    throw error;
  }
  const unreferenced = disclosures.findIndex((_, i) => !walk.used.has(i));
  if (unreferenced >= 0) {
    return refused(checkReason('sd-disclosure-unreferenced', `disclosure ${unreferenced} is not referenced by any digest the issuer signed`, { index: String(unreferenced) }));
  }
  return { ok: true, claims: claims as JsonObject };
}
