import type { JsonObject } from '../contexts/bundled.js';
import { EDDSA_RDFC_2022, verifyDataIntegrityProof } from '../proofs/data-integrity.js';
import { checkReason, type CheckReason } from './codes.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isObject, isUri } from './json.js';
import type { VerifyOptions } from './options.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';

interface ProofOutcome {
  ok: boolean;
  why: CheckReason;
  verificationMethod?: JsonObject | undefined;
  proof: JsonObject;
}

function isSupported(proof: JsonObject): boolean {
  return proof.type === 'DataIntegrityProof' && proof.cryptosuite === EDDSA_RDFC_2022;
}

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
  try {
    await options.documentLoader(vm);
  } catch (error) {
    const detail = errorMessage(error);
    return { ok: false, proof, why: checkReason('key-unresolved', `key could not be resolved: ${vm} (${detail})`, { key: vm, detail }) };
  }
  const result = await verifyDataIntegrityProof(credential, proof, options.documentLoader);
  if (!result.verified) {
    const detail = result.error ?? 'invalid signature';
    return { ok: false, proof, why: checkReason('proof-invalid-signature', `signature by ${vm} is not valid: ${detail}`, { detail }) };
  }
  return { ok: true, proof, why: checkReason('proof-valid', `eddsa-rdfc-2022 signature by ${vm} is valid`, { method: EDDSA_RDFC_2022 }), verificationMethod: result.verificationMethod };
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
  const good = outcomes.find((o) => o.ok);
  if (!good) {
    const reason = outcomes.map((o) => o.why.reason).join('; ');
    const unresolved = outcomes.find((o) => o.why.code === 'key-unresolved');
    const first = (unresolved ?? outcomes[0]!).why;
    return [checkOf('proof', false, { ...first, reason }), unresolved ? checkOf('issuer-key', false, unresolved.why) : notChecked('no valid proof, so the key is not trusted')];
  }
  return [checkOf('proof', true, good.why), issuerKeyCheck(credential, good)];
}

function issuerKeyCheck(credential: JsonObject, outcome: ProofOutcome): Check {
  const issuer = idOf(credential.issuer);
  const vm = outcome.verificationMethod ?? {};
  const key = String(vm.id);
  const controller = idOf(vm.controller);
  if (!issuer) return fail('issuer-key', 'issuer-missing', 'the credential has no issuer id');
  if (controller !== issuer) {
    return fail('issuer-key', 'key-not-controlled-by-issuer', `key ${key} is controlled by ${String(controller)}, not by the issuer ${issuer}`, { key, controller: String(controller), issuer });
  }
  const signedAt = typeof outcome.proof.created === 'string' ? outcome.proof.created : idOf(credential.validFrom);
  const retired = retiredKeyProblem(vm, signedAt);
  if (retired) return checkOf('issuer-key', false, retired);
  return pass('issuer-key', 'key-controlled-by-issuer', `key ${key} belongs to the issuer ${issuer}`, { key, issuer });
}
