import type { JsonObject } from '../contexts/bundled.js';
import { BUNDLED_CONTEXT_DIGESTS, type DigestAlgorithm } from '../contexts/digests.js';
import { fromBase64Url, toBase64Url } from '../status/base64url.js';
import { asArray, isObject, isUri } from './json.js';

/**
 * VC Data Model 2.0 §5.3 Integrity of Related Resources: `relatedResource` is one or more objects,
 * each with an `id` URL unique among them and at least one `digestSRI` (Subresource Integrity
 * `sha256|sha384|sha512-<base64>`, space-separated) or `digestMultibase` (multibase `u` base64url or
 * `z` base58btc of a sha2-256/384/512 or sha3-256/384 multihash). Resources are never fetched: when
 * one is a context Laurel bundles as bytes, its digests are compared with the bundled bytes'.
 */

const SRI_TOKEN = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?\S*)?$/;
const SRI_LENGTH: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };
/** Multihash codes (single-byte varints) of the digests Laurel can compare, with their lengths. */
const MULTIHASH: Record<number, { algorithm: DigestAlgorithm; length: number }> = {
  0x12: { algorithm: 'sha256', length: 32 },
  0x20: { algorithm: 'sha384', length: 48 },
  0x13: { algorithm: 'sha512', length: 64 },
  0x16: { algorithm: 'sha3-256', length: 32 },
  0x15: { algorithm: 'sha3-384', length: 48 },
};
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Longer multibase strings are not digests (the longest, sha512, is ~90 characters): refused unread. */
const MAX_DIGEST_TEXT = 200;

function fromBase58(text: string): Uint8Array {
  let n = 0n;
  for (const char of text) {
    const digit = BASE58.indexOf(char);
    if (digit < 0) throw new TypeError('not base58btc');
    n = n * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

interface Digest {
  algorithm: DigestAlgorithm;
  /** base64url, no padding. */
  value: string;
}

/** The digests of a `digestSRI` value, or a problem. */
function sriDigests(value: unknown): Digest[] | string {
  if (typeof value !== 'string' || value.trim() === '') return 'digestSRI must be a Subresource Integrity string (e.g. sha384-<base64>)';
  const digests: Digest[] = [];
  for (const token of value.trim().split(/\s+/)) {
    const match = SRI_TOKEN.exec(token);
    if (!match) return `digestSRI ${JSON.stringify(token.slice(0, 40))} is not <sha256|sha384|sha512>-<base64>`;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(match[2]!);
    } catch {
      // e.g. `sha384-short`: matches the pattern but is no base64 at all (a problem, never a throw)
      return `digestSRI ${match[1]} digest is not base64`;
    }
    if (bytes.length !== SRI_LENGTH[match[1]!]) return `digestSRI ${match[1]} digest has the wrong length`;
    digests.push({ algorithm: match[1] as DigestAlgorithm, value: toBase64Url(bytes) });
  }
  return digests;
}

/** The digest of one `digestMultibase` value, or a problem. */
function multibaseDigest(value: unknown): Digest | string {
  if (typeof value !== 'string' || value.length < 2 || value.length > MAX_DIGEST_TEXT) return 'digestMultibase must be a multibase string';
  let bytes: Uint8Array;
  try {
    if (value[0] === 'u') bytes = fromBase64Url(value.slice(1));
    else if (value[0] === 'z') bytes = fromBase58(value.slice(1));
    else return 'digestMultibase must be multibase base64url (u…) or base58btc (z…)';
  } catch {
    return 'digestMultibase is not valid multibase';
  }
  const hash = MULTIHASH[bytes[0] ?? -1];
  if (!hash) return 'digestMultibase must be a sha2-256, sha2-384, sha2-512, sha3-256 or sha3-384 multihash';
  if (bytes[1] !== hash.length || bytes.length !== hash.length + 2) return 'digestMultibase multihash has the wrong length';
  return { algorithm: hash.algorithm, value: toBase64Url(bytes.subarray(2)) };
}

function bundledDigest(url: string, algorithm: DigestAlgorithm): string | undefined {
  const known = BUNDLED_CONTEXT_DIGESTS.get(url)?.[algorithm];
  return known === undefined ? undefined : toBase64Url(fromBase64Url(known));
}

export interface RelatedResourceFindings {
  /** Shape problems (not objects, no id, repeated id, no or malformed digest). */
  problems: string[];
  /** Ids of bundled resources whose stated digest is not the bundled bytes'. */
  mismatched: string[];
}

function checkResource(resource: JsonObject, at: string, findings: RelatedResourceFindings): void {
  const id = resource.id as string;
  const digests: Digest[] = [];
  if (resource.digestSRI === undefined && resource.digestMultibase === undefined) findings.problems.push(`${at} must have digestSRI or digestMultibase`);
  if (resource.digestSRI !== undefined) {
    const sri = sriDigests(resource.digestSRI);
    if (typeof sri === 'string') findings.problems.push(`${at}: ${sri}`);
    else {
      // Subresource Integrity: only the strongest algorithm listed counts; one of its digests must match.
      const strongest = (['sha512', 'sha384', 'sha256'] as const).find((a) => sri.some((d) => d.algorithm === a));
      const candidates = sri.filter((d) => d.algorithm === strongest);
      const expected = strongest && bundledDigest(id, strongest);
      if (expected !== undefined && !candidates.some((d) => d.value === expected)) findings.mismatched.push(id);
    }
  }
  for (const value of resource.digestMultibase === undefined ? [] : Array.isArray(resource.digestMultibase) ? resource.digestMultibase : [resource.digestMultibase]) {
    const digest = multibaseDigest(value);
    if (typeof digest === 'string') findings.problems.push(`${at}: ${digest}`);
    else digests.push(digest);
  }
  const differs = digests.some((d) => {
    const expected = bundledDigest(id, d.algorithm);
    return expected !== undefined && expected !== d.value;
  });
  if (differs && !findings.mismatched.includes(id)) findings.mismatched.push(id);
  if (resource.mediaType !== undefined && typeof resource.mediaType !== 'string') findings.problems.push(`${at}.mediaType must be a string`);
}

/** The `relatedResource` findings of `doc` (both lists empty when it has none or they conform). */
export function relatedResourceFindings(doc: JsonObject): RelatedResourceFindings {
  const findings: RelatedResourceFindings = { problems: [], mismatched: [] };
  if (doc.relatedResource === undefined) return findings;
  const resources = asArray(doc.relatedResource);
  if (resources.length === 0) findings.problems.push('relatedResource must be one or more objects');
  const seen = new Set<string>();
  for (const [i, resource] of resources.entries()) {
    const at = `relatedResource[${i}]`;
    if (!isObject(resource)) {
      findings.problems.push(`${at} must be an object`);
      continue;
    }
    if (!isUri(resource.id)) {
      findings.problems.push(`${at}.id must be a URL`);
      continue;
    }
    if (seen.has(resource.id)) findings.problems.push(`${at}.id ${resource.id} is listed more than once`);
    seen.add(resource.id);
    checkResource(resource, at, findings);
  }
  return findings;
}
