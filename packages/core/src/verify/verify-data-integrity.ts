import type { JsonObject } from '../contexts/bundled.js';
import { EDDSA_RDFC_2022, verifyDataIntegrityProof } from '../proofs/data-integrity.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isObject, isUri } from './json.js';
import type { VerifyOptions } from './options.js';
import { errorMessage, fail, pass, type Check } from './report.js';

interface ProofOutcome {
  ok: boolean;
  reason: string;
  verificationMethod?: JsonObject | undefined;
  proof: JsonObject;
}

function isSupported(proof: JsonObject): boolean {
  return proof.type === 'DataIntegrityProof' && proof.cryptosuite === EDDSA_RDFC_2022;
}

async function checkOne(credential: JsonObject, proof: JsonObject, options: VerifyOptions): Promise<ProofOutcome> {
  const vm = idOf(proof.verificationMethod);
  if (!isUri(vm)) return { ok: false, proof, reason: `verificationMethod ${JSON.stringify(proof.verificationMethod)} is not a URL` };
  if (proof.proofPurpose !== 'assertionMethod') return { ok: false, proof, reason: `proofPurpose must be assertionMethod, not ${String(proof.proofPurpose)}` };
  try {
    await options.documentLoader(vm);
  } catch (error) {
    return { ok: false, proof, reason: `key could not be resolved: ${vm} (${errorMessage(error)})` };
  }
  const result = await verifyDataIntegrityProof(credential, proof, options.documentLoader);
  if (!result.verified) return { ok: false, proof, reason: `signature by ${vm} is not valid: ${result.error ?? 'invalid signature'}` };
  return { ok: true, proof, reason: `eddsa-rdfc-2022 signature by ${vm} is valid`, verificationMethod: result.verificationMethod };
}

function duplicatedProof(proofs: JsonObject[]): boolean {
  const values = proofs.map((p) => p.proofValue).filter((v) => typeof v === 'string');
  return new Set(values).size !== values.length;
}

/** The `proof` and `issuer-key` checks of a credential with embedded Data Integrity proofs. */
export async function dataIntegrityChecks(credential: JsonObject, options: VerifyOptions): Promise<Check[]> {
  const proofs = asArray(credential.proof);
  if (proofs.length === 0) return [fail('proof', 'the credential has no proof'), fail('issuer-key', 'no proof, so no key')];
  if (!proofs.every(isObject)) return [fail('proof', 'proof must be an object or an array of objects'), fail('issuer-key', 'no usable proof')];
  if (duplicatedProof(proofs)) return [fail('proof', 'duplicated proof: the same proofValue appears more than once'), fail('issuer-key', 'no usable proof')];
  const supported = proofs.filter(isSupported);
  if (supported.length === 0) {
    const kinds = proofs.map((p) => [p.type, p.cryptosuite].filter(Boolean).join('/')).join(', ');
    return [fail('proof', `no supported proof (found ${kinds}; supported: DataIntegrityProof/eddsa-rdfc-2022)`), fail('issuer-key', 'no verifiable proof')];
  }
  const outcomes: ProofOutcome[] = [];
  for (const proof of supported) outcomes.push(await checkOne(credential, proof, options));
  const good = outcomes.find((o) => o.ok);
  if (!good) {
    const reason = outcomes.map((o) => o.reason).join('; ');
    const unresolved = outcomes.find((o) => o.reason.startsWith('key could not be resolved'));
    return [fail('proof', reason), fail('issuer-key', unresolved ? unresolved.reason : 'no valid proof, so the key is not trusted')];
  }
  return [pass('proof', good.reason), issuerKeyCheck(credential, good)];
}

function issuerKeyCheck(credential: JsonObject, outcome: ProofOutcome): Check {
  const issuer = idOf(credential.issuer);
  const vm = outcome.verificationMethod ?? {};
  const controller = idOf(vm.controller);
  if (!issuer) return fail('issuer-key', 'the credential has no issuer id');
  if (controller !== issuer) {
    return fail('issuer-key', `key ${String(vm.id)} is controlled by ${String(controller)}, not by the issuer ${issuer}`);
  }
  const signedAt = typeof outcome.proof.created === 'string' ? outcome.proof.created : idOf(credential.validFrom);
  const retired = retiredKeyProblem(vm, signedAt);
  if (retired) return fail('issuer-key', retired);
  return pass('issuer-key', `key ${String(vm.id)} belongs to the issuer ${issuer}`);
}
