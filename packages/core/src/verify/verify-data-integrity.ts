import type { JsonObject } from '../contexts/bundled.js';
import { EDDSA_RDFC_2022, verifyDataIntegrityProof } from '../proofs/data-integrity.js';
import { checkReason, type CheckReason } from './codes.js';
import { bindIssuerKey, unresolvedWithIssuer } from './issuer-binding.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isObject, isUri } from './json.js';
import type { VerifyOptions } from './options.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';

interface ProofOutcome {
  ok: boolean;
  why: CheckReason;
  /** The issuer-key check, when the signature holds. */
  key?: Check | undefined;
  proof: JsonObject;
}

function isSupported(proof: JsonObject): boolean {
  return proof.type === 'DataIntegrityProof' && proof.cryptosuite === EDDSA_RDFC_2022;
}

const unresolved = (proof: JsonObject, vm: string, error: unknown): ProofOutcome => {
  const detail = errorMessage(error);
  return { ok: false, proof, why: checkReason('key-unresolved', `key could not be resolved: ${vm} (${detail})`, { key: vm, detail }) };
};

async function checkOne(credential: JsonObject, proof: JsonObject, options: VerifyOptions): Promise<ProofOutcome> {
  const vm = idOf(proof.verificationMethod);
  if (!isUri(vm)) {
    const value = JSON.stringify(proof.verificationMethod) ?? 'undefined';
    return { ok: false, proof, why: checkReason('proof-verification-method-invalid', `verificationMethod ${value} is not a URL`, { value }) };
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    const purpose = String(proof.proofPurpose);
    return { ok: false, proof, why: checkReason('proof-purpose-invalid', `proofPurpose must be assertionMethod, not ${purpose}`, { purpose }) };
  }
  // The key as the issuer's own document lists it under assertionMethod, or why it does not count.
  const issuer = idOf(credential.issuer);
  const binding = await bindIssuerKey(issuer, vm, options);
  const unreadable = unresolvedWithIssuer(binding, issuer, vm);
  if (unreadable) return { ok: false, proof, why: unreadable };
  if (!binding.ok) {
    // Not the issuer's key: still say whether the signature holds, with the key's own document.
    try {
      await options.documentLoader(vm);
    } catch (error) {
      return unresolved(proof, vm, error);
    }
  }
  const result = await verifyDataIntegrityProof(credential, proof, options.documentLoader, { verificationMethod: binding.ok ? binding.method : undefined, signatureOnly: true });
  if (!result.verified) {
    const detail = result.error ?? 'invalid signature';
    return { ok: false, proof, why: checkReason('proof-invalid-signature', `signature by ${vm} is not valid: ${detail}`, { detail }) };
  }
  const why = checkReason('proof-valid', `eddsa-rdfc-2022 signature by ${vm} is valid`, { method: EDDSA_RDFC_2022 });
  if (!binding.ok) return { ok: true, proof, why, key: checkOf('issuer-key', false, binding.why) };
  const signedAt = typeof proof.created === 'string' ? proof.created : idOf(credential.validFrom);
  return { ok: true, proof, why, key: issuerKeyCheck(binding.method, binding.issuer, signedAt) };
}

function issuerKeyCheck(method: JsonObject, issuer: string, signedAt: string | undefined): Check {
  const key = String(method.id);
  const retired = retiredKeyProblem(method, signedAt);
  if (retired) return checkOf('issuer-key', false, retired);
  return pass('issuer-key', 'key-controlled-by-issuer', `key ${key} is listed by the issuer ${issuer} under assertionMethod`, { key, issuer });
}

function duplicatedProof(proofs: JsonObject[]): boolean {
  const values = proofs.map((p) => p.proofValue).filter((v) => typeof v === 'string');
  return new Set(values).size !== values.length;
}

const notChecked = (reason: string): Check => fail('issuer-key', 'key-not-checked', reason);

/** The `proof` and `issuer-key` checks of a credential with embedded Data Integrity proofs. */
export async function dataIntegrityChecks(credential: JsonObject, options: VerifyOptions): Promise<Check[]> {
  const proofs = asArray(credential.proof);
  if (proofs.length === 0) return [fail('proof', 'proof-missing', 'the credential has no proof'), notChecked('no proof, so no key')];
  if (!proofs.every(isObject)) return [fail('proof', 'proof-malformed', 'proof must be an object or an array of objects'), notChecked('no usable proof')];
  if (duplicatedProof(proofs)) return [fail('proof', 'proof-duplicated', 'duplicated proof: the same proofValue appears more than once'), notChecked('no usable proof')];
  const supported = proofs.filter(isSupported);
  if (supported.length === 0) {
    const found = proofs.map((p) => [p.type, p.cryptosuite].filter(Boolean).join('/')).join(', ');
    return [fail('proof', 'proof-unsupported', `no supported proof (found ${found}; supported: DataIntegrityProof/eddsa-rdfc-2022)`, { found }), notChecked('no verifiable proof')];
  }
  const outcomes: ProofOutcome[] = [];
  for (const proof of supported) outcomes.push(await checkOne(credential, proof, options));
  const good = outcomes.find((o) => o.ok && o.key?.ok) ?? outcomes.find((o) => o.ok);
  if (!good) {
    const reason = outcomes.map((o) => o.why.reason).join('; ');
    const unresolvedKey = outcomes.find((o) => o.why.code === 'key-unresolved');
    const first = (unresolvedKey ?? outcomes[0]!).why;
    return [checkOf('proof', false, { ...first, reason }), unresolvedKey ? checkOf('issuer-key', false, unresolvedKey.why) : notChecked('no valid proof, so the key is not trusted')];
  }
  return [checkOf('proof', true, good.why), good.key ?? notChecked('no key')];
}
