import type { JsonObject } from '../contexts/bundled.js';
import { checkReason, type CheckReason } from './codes.js';
import { asArray } from './json.js';

/** At most this many distinct proofs are verified on one credential (each costs a canonicalisation). */
export const MAX_PROOFS = 8;

/** JSON with object keys sorted: two proofs are the same proof when this is equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as JsonObject)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The proof set as a set: `proof` is a JSON-LD set of proof graphs, so an identical copy of a proof
 * is the same proof and is verified (and counted) once. Proofs that merely share a proofValue but
 * differ otherwise are different proofs, each verified on its own.
 */
export function distinctProofs(proofs: readonly JsonObject[]): JsonObject[] {
  if (proofs.length < 2) return [...proofs];
  const seen = new Set<string>();
  const out: JsonObject[] = [];
  for (const proof of proofs) {
    const key = stableJson(proof);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(proof);
  }
  return out;
}

/** One proofValue in two proofs that differ otherwise: a signature copied into another proof. */
export function replayedProofValue(proofs: readonly JsonObject[]): boolean {
  const values = proofs.map((p) => p.proofValue).filter((v) => typeof v === 'string');
  return new Set(values).size !== values.length;
}

/** Two different proofs with the same `id` make `previousProof` ambiguous: refused. */
export function duplicatedProofId(proofs: readonly JsonObject[]): string | undefined {
  const ids = new Set<string>();
  for (const proof of proofs) {
    if (typeof proof.id !== 'string') continue;
    if (ids.has(proof.id)) return proof.id;
    ids.add(proof.id);
  }
  return undefined;
}

/**
 * The document a proof signed, per VC Data Integrity's "verify proof sets and chains": the secured
 * document without its proofs, and — when the proof names `previousProof` (an id or a list of ids)
 * — with `proof` set to exactly those proofs of the set. A name that matches no other proof of the
 * set (or the proof itself) breaks the chain.
 */
export function signedDocumentOf(credential: JsonObject, proof: JsonObject, all: readonly JsonObject[]): { ok: true; document: JsonObject } | { ok: false; why: CheckReason } {
  const { proof: _proofs, ...unsecured } = credential;
  // Not cloned here: the suite verifies a deep copy of whatever it is given.
  if (proof.previousProof === undefined) return { ok: true, document: unsecured };
  const names = asArray(proof.previousProof);
  const previous: JsonObject[] = [];
  for (const name of names) {
    const id = typeof name === 'string' ? name : JSON.stringify(name);
    const found = typeof name === 'string' ? all.find((p) => p !== proof && p.id === name) : undefined;
    if (!found) return { ok: false, why: checkReason('proof-chain-broken', `previousProof ${id} names no other proof of the credential`, { id }) };
    previous.push(found);
  }
  if (previous.length === 0) return { ok: false, why: checkReason('proof-chain-broken', 'previousProof is empty', { id: '' }) };
  return { ok: true, document: { ...unsecured, proof: previous } };
}
