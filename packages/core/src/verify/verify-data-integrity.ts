import type { JsonObject } from '../contexts/bundled.js';
import { asMultikeyMethod, verificationKeyOf } from '../keys/verification-key.js';
import { createVerifyingSuiteRegistry, proofKind, type VerifyingSuite } from '../proofs/verifying-suites.js';
import { checkReason, type CheckReason } from './codes.js';
import { assertionMethodIn, bindIssuerKey, unresolvedWithIssuer, type IssuerKey } from './issuer-binding.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isDateTime, isObject, isUri } from './json.js';
import type { VerifyOptions } from './options.js';
import { distinctProofs, duplicatedProofId, MAX_PROOFS, replayedProofValue, signedDocumentOf } from './proof-set.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';

const defaultSuites = createVerifyingSuiteRegistry();

interface ProofOutcome {
  ok: boolean;
  why: CheckReason;
  /** The issuer-key check, when the signature holds. */
  key?: Check | undefined;
  proof: JsonObject;
}

const unresolved = (proof: JsonObject, vm: string, error: unknown): ProofOutcome => {
  const detail = errorMessage(error);
  return { ok: false, proof, why: checkReason('key-unresolved', `key could not be resolved: ${vm} (${detail})`, { key: vm, detail }) };
};

/** The key to check the signature with: the issuer's own description of it, else the key's own document. */
async function keyMethod(binding: IssuerKey, proof: JsonObject, vm: string, options: VerifyOptions): Promise<{ method: JsonObject } | { outcome: ProofOutcome }> {
  if (binding.ok) return { method: binding.method };
  // Not the issuer's key: still say whether the signature holds, with the key's own document.
  try {
    const { document } = await options.documentLoader(vm);
    if (!isObject(document)) throw new Error('not a JSON object');
    if (vm.includes('#')) return { method: document };
    // A bare DID names its document's only assertion method, by the same rule as the issuer's document.
    const own = assertionMethodIn(document, vm);
    if (typeof own === 'string') throw new Error(`${vm} names no single key of its document; name one with a #fragment`);
    return { method: own };
  } catch (error) {
    return { outcome: unresolved(proof, vm, error) };
  }
}

async function checkOne(credential: JsonObject, proof: JsonObject, suite: VerifyingSuite, all: JsonObject[], options: VerifyOptions): Promise<ProofOutcome> {
  const vm = idOf(proof.verificationMethod);
  if (!isUri(vm)) {
    const value = JSON.stringify(proof.verificationMethod) ?? 'undefined';
    return { ok: false, proof, why: checkReason('proof-verification-method-invalid', `verificationMethod ${value} is not a URL`, { value }) };
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    const purpose = String(proof.proofPurpose);
    return { ok: false, proof, why: checkReason('proof-purpose-invalid', `proofPurpose must be assertionMethod, not ${purpose}`, { purpose }) };
  }
  if (options.expectedProofPurpose !== undefined && options.expectedProofPurpose !== 'assertionMethod') {
    const purpose = String(proof.proofPurpose);
    return { ok: false, proof, why: checkReason('proof-purpose-invalid', `the verifier expects proofPurpose ${options.expectedProofPurpose}, not ${purpose}`, { purpose }) };
  }
  // VC Data Integrity: `created`, when present, is a dateTimeStamp (a time zone is required).
  if (proof.created !== undefined && !isDateTime(proof.created)) {
    return { ok: false, proof, why: checkReason('proof-malformed', `proof created ${JSON.stringify(proof.created)} is not an XML Schema dateTimeStamp (with Z or an offset)`) };
  }
  const signed = signedDocumentOf(credential, proof, all);
  if (!signed.ok) return { ok: false, proof, why: signed.why };
  // The key as the issuer's own document lists it under assertionMethod, or why it does not count.
  const issuer = idOf(credential.issuer);
  const binding = await bindIssuerKey(issuer, vm, options);
  const unreadable = unresolvedWithIssuer(binding, issuer, vm);
  if (unreadable) return { ok: false, proof, why: unreadable };
  const found = await keyMethod(binding, proof, vm, options);
  if ('outcome' in found) return found.outcome;
  const key = await verificationKeyOf(found.method);
  if (!key.ok) return unresolved(proof, vm, key.detail);
  if (!suite.curves.includes(key.curve)) {
    return { ok: false, proof, why: checkReason('proof-key-mismatch', `${suite.name} cannot be verified with the ${key.curve} key ${vm}`, { key: vm, suite: suite.name }) };
  }
  const result = await suite.verify({ document: signed.document, proof, method: asMultikeyMethod({ ...found.method, id: vm }, key), documentLoader: options.documentLoader });
  if (!result.verified) {
    const detail = result.error ?? 'invalid signature';
    return { ok: false, proof, why: checkReason('proof-invalid-signature', `signature by ${vm} is not valid: ${detail}`, { detail }) };
  }
  const expired = expiredProof(proof, options.now());
  if (expired) return { ok: false, proof, why: expired };
  const why = checkReason('proof-valid', `${suite.name} signature by ${vm} is valid`, { method: suite.name });
  if (!binding.ok) return { ok: true, proof, why, key: checkOf('issuer-key', false, binding.why) };
  const signedAt = typeof proof.created === 'string' ? proof.created : idOf(credential.validFrom);
  return { ok: true, proof, why, key: issuerKeyCheck(binding.method, binding.issuer, signedAt) };
}

/** A proof with `expires` in the past no longer proves anything (VC Data Integrity, `expires`). */
function expiredProof(proof: JsonObject, now: Date): CheckReason | undefined {
  if (proof.expires === undefined) return undefined;
  const date = String(proof.expires);
  if (!isDateTime(proof.expires)) return checkReason('proof-invalid-signature', `proof expires ${date} is not a dateTimeStamp`, { detail: `proof expires ${date} is not a dateTimeStamp` });
  return Date.parse(proof.expires) <= now.getTime() ? checkReason('proof-expired', `the proof expired on ${date}`, { date }) : undefined;
}

function issuerKeyCheck(method: JsonObject, issuer: string, signedAt: string | undefined): Check {
  const key = String(method.id);
  const retired = retiredKeyProblem(method, signedAt);
  if (retired) return checkOf('issuer-key', false, retired);
  return pass('issuer-key', 'key-controlled-by-issuer', `key ${key} is listed by the issuer ${issuer} under assertionMethod`, { key, issuer });
}

const notChecked = (reason: string): Check => fail('issuer-key', 'key-not-checked', reason);

/** Every verified proof must hold; the issuer key is the first verified proof's key the issuer lists. */
function summarise(outcomes: ProofOutcome[]): Check[] {
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) {
    const reason = failed.map((o) => o.why.reason).join('; ');
    const unresolvedKey = failed.find((o) => o.why.code === 'key-unresolved');
    const first = (unresolvedKey ?? failed[0]!).why;
    return [checkOf('proof', false, { ...first, reason }), unresolvedKey ? checkOf('issuer-key', false, unresolvedKey.why) : notChecked('not every proof is valid, so the key is not trusted')];
  }
  const first = outcomes[0]!;
  const good = outcomes.find((o) => o.key?.ok) ?? first;
  const why =
    outcomes.length === 1
      ? first.why
      : checkReason('proof-valid', outcomes.map((o) => o.why.reason).join('; '), { method: [...new Set(outcomes.map((o) => o.why.params?.method ?? ''))].join(', ') });
  return [checkOf('proof', true, why), good.key ?? notChecked('no key')];
}

/**
 * The `proof` and `issuer-key` checks of a credential with embedded Data Integrity proofs: a proof
 * set (identical copies counted once) and proof chains (`previousProof`) as VC Data Integrity
 * verifies them — every proof of a supported suite must hold; proofs of unknown suites are skipped
 * when at least one proof is supported.
 */
export async function dataIntegrityChecks(credential: JsonObject, options: VerifyOptions): Promise<Check[]> {
  const listed = asArray(credential.proof);
  if (listed.length === 0) return [fail('proof', 'proof-missing', 'the credential has no proof'), notChecked('no proof, so no key')];
  if (!listed.every(isObject)) return [fail('proof', 'proof-malformed', 'proof must be an object or an array of objects'), notChecked('no usable proof')];
  const proofs = distinctProofs(listed as JsonObject[]);
  if (proofs.length > MAX_PROOFS) return [fail('proof', 'proof-set-too-large', `more than ${MAX_PROOFS} proofs`, { max: String(MAX_PROOFS) }), notChecked('no usable proof')];
  if (replayedProofValue(proofs)) return [fail('proof', 'proof-duplicated', 'duplicated proof: the same proofValue appears in two proofs that differ otherwise'), notChecked('no usable proof')];
  const sharedId = duplicatedProofId(proofs);
  if (sharedId !== undefined) return [fail('proof', 'proof-id-duplicated', `two different proofs have the id ${sharedId}`, { id: sharedId }), notChecked('no usable proof')];
  const suites = options.proofSuites ?? defaultSuites;
  const supported = proofs.flatMap((proof) => {
    const suite = suites.forProof(proof);
    return suite ? [{ proof, suite }] : [];
  });
  if (supported.length === 0) {
    const found = proofs.map(proofKind).join(', ');
    return [fail('proof', 'proof-unsupported', `no supported proof (found ${found}; supported: ${suites.names().join(', ')})`, { found }), notChecked('no verifiable proof')];
  }
  const outcomes: ProofOutcome[] = [];
  for (const { proof, suite } of supported) outcomes.push(await checkOne(credential, proof, suite, proofs, options));
  return summarise(outcomes);
}
