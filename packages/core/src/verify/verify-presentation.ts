import { compactVerify, importJWK } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../contexts/urls.js';
import { publicJwkOf } from '../keys/rsa.js';
import { asMultikeyMethod, verificationKeyOf } from '../keys/verification-key.js';
import { EDDSA_RDFC_2022, verifyDataIntegrityProof } from '../proofs/data-integrity.js';
import { createVerifyingSuiteRegistry, ED25519_SIGNATURE_2020, proofKind, type VerifyingSuite } from '../proofs/verifying-suites.js';
import { checkReason, type CheckReason, type ParamsArg, type VerificationCode } from './codes.js';
import { ENVELOPED_CREDENTIAL, isEnveloped, unwrapEnveloped } from './enveloped.js';
import { assertionMethodIn, baseOf, issuerDocument } from './issuer-binding.js';
import { asArray, idOf, isObject, isUri, typesOf } from './json.js';
import { ACCEPTED_JWS_ALGS, looksLikeCompactJws, parseCompactJws } from './jws.js';
import { retiredKeyProblem } from './key-retirement.js';
import type { VerifyOptions } from './options.js';
import { errorMessage, fail as credentialFail, report as credentialReport, type VerificationReport } from './report.js';
import { jwkFromDocument } from './resolve-jwk.js';
import { verifyCredential } from './verify-credential.js';

export interface PresentationVerifyOptions extends VerifyOptions {
  /** The challenge the verifier handed the holder: every proof must carry it, so a proof is required. */
  challenge?: string | undefined;
  /** The domain the presentation is meant for: every proof must name it, so a proof is required. */
  domain?: string | undefined;
}

export type PresentationCheckName = 'format' | 'schema' | 'proof' | 'holder-key' | 'challenge' | 'domain' | 'credentials' | 'holder';

export interface PresentationCheck extends CheckReason {
  name: PresentationCheckName;
  ok: boolean;
}

/** `vp-ldp`: JSON-LD presentation (with or without a Data Integrity proof); `vp-jwt`: a VP as a JWS (enveloped or bare). */
export type PresentationFormat = 'vp-ldp' | 'vp-jwt' | 'unknown';

export interface PresentationReport {
  valid: boolean;
  format: PresentationFormat;
  checks: PresentationCheck[];
  /** Findings that do not fail the presentation (a credential about someone other than the holder). */
  warnings: PresentationCheck[];
  /** Each embedded credential's own report, in the presentation's order (enveloped ones unwrapped). */
  credentials: VerificationReport[];
  presentation?: JsonObject | undefined;
  /** The holder, present only when the presentation verified and every proof is by a key the holder lists under `authentication`. */
  holder?: string | undefined;
}

/** A presentation may carry at most this many credentials: each costs signatures and remote reads. */
export const MAX_PRESENTED_CREDENTIALS = 50;

function pass<C extends VerificationCode>(name: PresentationCheckName, code: C, reason: string, ...params: ParamsArg<C>): PresentationCheck {
  return { name, ok: true, ...checkReason(code, reason, ...params) };
}
function fail<C extends VerificationCode>(name: PresentationCheckName, code: C, reason: string, ...params: ParamsArg<C>): PresentationCheck {
  return { name, ok: false, ...checkReason(code, reason, ...params) };
}
const checkOf = (name: PresentationCheckName, ok: boolean, why: CheckReason): PresentationCheck => ({ name, ok, code: why.code, reason: why.reason, ...(why.params ? { params: { ...why.params } } : {}) });

function finish(format: PresentationFormat, checks: PresentationCheck[], extra: Partial<PresentationReport> = {}): PresentationReport {
  const valid = checks.length > 0 && checks.every((c) => c.ok);
  // The holder is vouched for only by a presentation that verified as a whole, through a holder-key check.
  const holder = valid && checks.some((c) => c.name === 'holder-key' && c.ok) ? extra.holder : undefined;
  return { valid, format, checks, warnings: extra.warnings ?? [], credentials: extra.credentials ?? [], ...(extra.presentation ? { presentation: extra.presentation } : {}), ...(holder ? { holder } : {}) };
}

/** VC DM 2.0 § Verifiable Presentations: the presentation's own shape (its credentials are checked by the credential verifier). */
export function presentationStructureProblems(vp: JsonObject, jwtCredentialsAllowed = false): string[] {
  const problems: string[] = [];
  const contexts = asArray(vp['@context']);
  if (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== VC_V1_CONTEXT) problems.push(`the first @context must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT})`);
  if (!contexts.every((c) => typeof c === 'string' || isObject(c))) problems.push('@context entries must be URLs or objects');
  if (!asArray(vp.type).every((t) => typeof t === 'string') || !typesOf(vp).includes('VerifiablePresentation')) problems.push('type must include VerifiablePresentation');
  if (vp.id !== undefined && !isUri(vp.id)) problems.push('id must be a URL');
  if (vp.holder !== undefined && !isUri(idOf(vp.holder))) problems.push('holder must be a URL, or an object whose id is a URL');
  if (vp.verifiableCredential === null) problems.push('verifiableCredential must be one or more credential objects');
  const credentials = asArray(vp.verifiableCredential);
  if (credentials.length > MAX_PRESENTED_CREDENTIALS) problems.push(`at most ${MAX_PRESENTED_CREDENTIALS} credentials per presentation`);
  credentials.forEach((vc, i) => {
    if (isObject(vc) || (jwtCredentialsAllowed && looksLikeCompactJws(vc))) return;
    problems.push(`verifiableCredential[${i}] must be a credential object or an ${ENVELOPED_CREDENTIAL}, not ${JSON.stringify(vc)?.slice(0, 60)}`);
  });
  return problems;
}

const holderNotChecked = (why: string) => fail('holder-key', 'holder-not-checked', why);

interface ProofOutcome {
  proof: PresentationCheck;
  key: PresentationCheck;
  signer?: string;
}

/** The key `vm` as `controller`'s own document lists it under `authentication`, or why it does not count. */
async function holderKey(controller: string, vm: string, options: VerifyOptions): Promise<{ method?: JsonObject; key: PresentationCheck; unreadable?: CheckReason }> {
  let document: JsonObject;
  try {
    document = await issuerDocument(controller, options);
  } catch (error) {
    const detail = errorMessage(error);
    const why = checkReason('holder-unavailable', `the holder's document ${controller} could not be read: ${detail}`, { holder: controller, detail });
    return { key: checkOf('holder-key', false, why), unreadable: checkReason('key-unresolved', `key could not be resolved: ${vm} (${detail})`, { key: vm, detail }) };
  }
  const found = assertionMethodIn(document, vm, 'authentication');
  if (typeof found === 'string') {
    return { key: fail('holder-key', 'key-not-authentication-of-holder', `${controller} does not list the key ${vm} under authentication`, { key: vm, holder: controller }) };
  }
  // Authentication is about now: a retired key authenticates nothing, whatever `created` claims.
  const retired = retiredKeyProblem(found, undefined);
  if (retired) return { method: found, key: checkOf('holder-key', false, retired) };
  return { method: found, key: pass('holder-key', 'key-authenticates-holder', `key ${vm} is listed by ${controller} under authentication`, { key: vm, holder: controller }) };
}

/**
 * The proofs a presentation may carry: eddsa-rdfc-2022, and Ed25519Signature2020 — what the Learner
 * Credential Wallet signs its DIDAuth presentations with (`@digitalbazaar/vc` + the 2020 suite).
 */
export const PRESENTATION_PROOF_SUITES: readonly string[] = [EDDSA_RDFC_2022, ED25519_SIGNATURE_2020];
const presentationSuites = createVerifyingSuiteRegistry();

/** The signature of a non-eddsa-rdfc-2022 proof, with the suite Laurel verifies credentials with, the key as the holder's document lists it. */
async function suiteSignature(vp: JsonObject, proof: JsonObject, suite: VerifyingSuite, vm: string, method: JsonObject, options: VerifyOptions): Promise<{ verified: boolean; error?: string | undefined }> {
  const key = await verificationKeyOf(method);
  if (!key.ok) return { verified: false, error: key.detail };
  if (!suite.curves.includes(key.curve)) return { verified: false, error: `${suite.name} cannot be verified with the ${key.curve} key ${vm}` };
  const { proof: _proof, ...document } = vp;
  return suite.verify({ document, proof, method: asMultikeyMethod({ ...method, id: vm }, key), documentLoader: options.documentLoader });
}

async function checkLdpProof(vp: JsonObject, proof: JsonObject, suite: VerifyingSuite, options: VerifyOptions): Promise<ProofOutcome> {
  const vm = idOf(proof.verificationMethod);
  if (!isUri(vm)) {
    const value = JSON.stringify(proof.verificationMethod) ?? 'undefined';
    return { proof: fail('proof', 'proof-verification-method-invalid', `verificationMethod ${value} is not a URL`, { value }), key: holderNotChecked('no key') };
  }
  if (proof.proofPurpose !== 'authentication') {
    const purpose = String(proof.proofPurpose);
    return { proof: fail('proof', 'proof-purpose-invalid', `a presentation's proofPurpose must be authentication, not ${purpose}`, { purpose }), key: holderNotChecked('wrong proof purpose') };
  }
  // Without a holder, the key binds the presentation to its own controller (whose document must list it).
  const controller = idOf(vp.holder) ?? baseOf(vm);
  const bound = await holderKey(controller, vm, options);
  if (bound.unreadable) return { proof: checkOf('proof', false, bound.unreadable), key: bound.key };
  let result: { verified: boolean; error?: string | undefined };
  if (suite.name === EDDSA_RDFC_2022) {
    result = await verifyDataIntegrityProof(vp, proof, options.documentLoader, { verificationMethod: bound.method, signatureOnly: true, purpose: 'authentication' });
  } else {
    // Other suites check the signature only with the holder's own key: a key it does not list is not even tried.
    if (!bound.method) return { proof: fail('proof', 'key-unresolved', `key could not be resolved: ${vm} (not listed by ${controller} under authentication)`, { key: vm, detail: 'not listed under authentication' }), key: bound.key };
    result = await suiteSignature(vp, proof, suite, vm, bound.method, options);
  }
  if (!result.verified) {
    const detail = result.error ?? 'invalid signature';
    return { proof: fail('proof', 'proof-invalid-signature', `signature by ${vm} is not valid: ${detail}`, { detail }), key: bound.method ? holderNotChecked('signature not valid, so the key is not trusted') : bound.key };
  }
  return { proof: pass('proof', 'proof-valid', `${suite.name} signature by ${vm} is valid`, { method: suite.name }), key: bound.key, signer: baseOf(vm) };
}

/** The challenge and domain checks: asked for by the verifier, carried by every proof (a domain may be a list). */
function bindingChecks(carried: Array<{ challenge: unknown; domain: unknown }>, options: PresentationVerifyOptions): PresentationCheck[] {
  const checks: PresentationCheck[] = [];
  const { challenge, domain } = options;
  if (challenge !== undefined) {
    const ok = carried.length > 0 && carried.every((p) => p.challenge === challenge);
    checks.push(ok ? pass('challenge', 'challenge-matches', 'every proof carries the challenge') : fail('challenge', 'challenge-mismatch', 'a proof lacks the challenge asked for, or carries another (a replayed presentation?)'));
  }
  if (domain !== undefined) {
    const ok = carried.length > 0 && carried.every((p) => asArray(p.domain).includes(domain));
    checks.push(ok ? pass('domain', 'domain-matches', 'every proof names the domain') : fail('domain', 'domain-mismatch', 'a proof lacks the domain asked for, or names another'));
  }
  return checks;
}

async function ldpProofChecks(vp: JsonObject, options: PresentationVerifyOptions): Promise<{ checks: PresentationCheck[]; signer?: string | undefined }> {
  const proofs = asArray(vp.proof);
  if (proofs.length === 0) {
    if (options.challenge !== undefined || options.domain !== undefined) {
      return { checks: [fail('proof', 'proof-missing', 'a challenge or domain was asked for, so the presentation must carry a proof'), holderNotChecked('no proof'), ...bindingChecks([], options)] };
    }
    return { checks: [pass('proof', 'presentation-unsigned', 'the presentation has no proof: nothing binds it to a holder (its credentials are verified on their own)')] };
  }
  if (!proofs.every(isObject)) return { checks: [fail('proof', 'proof-malformed', 'proof must be an object or an array of objects'), holderNotChecked('no usable proof')] };
  const values = proofs.map((p) => p.proofValue).filter((v) => typeof v === 'string');
  if (new Set(values).size !== values.length) return { checks: [fail('proof', 'proof-duplicated', 'duplicated proof: the same proofValue appears more than once'), holderNotChecked('no usable proof')] };
  const suited = proofs.map((proof) => ({ proof, suite: presentationSuites.forProof(proof) }));
  const unsupported = suited.filter((p) => !p.suite || !PRESENTATION_PROOF_SUITES.includes(p.suite.name));
  if (unsupported.length > 0) {
    const found = unsupported.map((p) => proofKind(p.proof)).join(', ');
    return { checks: [fail('proof', 'proof-unsupported', `unsupported presentation proof (found ${found}; supported: DataIntegrityProof/eddsa-rdfc-2022, Ed25519Signature2020)`, { found }), holderNotChecked('no verifiable proof')] };
  }
  // Every proof of the set must hold: a presentation is only as bound as its weakest proof.
  const outcomes: ProofOutcome[] = [];
  for (const { proof, suite } of suited) outcomes.push(await checkLdpProof(vp, proof, suite!, options));
  const badProof = outcomes.find((o) => !o.proof.ok);
  const badKey = outcomes.find((o) => !o.key.ok);
  return { checks: [(badProof ?? outcomes[0]!).proof, (badKey ?? outcomes[0]!).key, ...bindingChecks(proofs.map((p) => ({ challenge: p.challenge, domain: p.domain })), options)], signer: outcomes[0]!.signer };
}

/** Each embedded credential through the credential verifier (enveloped ones unwrapped first). */
async function verifyEmbedded(entries: unknown[], options: PresentationVerifyOptions): Promise<VerificationReport[]> {
  const { challenge: _challenge, domain: _domain, ...credentialOptions } = options;
  const reports: VerificationReport[] = [];
  for (const entry of entries) {
    if (isEnveloped(entry, 'credential')) {
      const unwrapped = unwrapEnveloped(entry, 'credential');
      reports.push(unwrapped.ok ? await verifyCredential(unwrapped.content, credentialOptions) : credentialReport('unknown', [credentialFail('format', 'enveloped-invalid', unwrapped.detail, { detail: unwrapped.detail })]));
    } else if (isObject(entry) || typeof entry === 'string') {
      reports.push(await verifyCredential(entry, credentialOptions));
    }
  }
  return reports;
}

function credentialsCheck(reports: VerificationReport[]): PresentationCheck {
  const failed = reports.findIndex((r) => !r.valid);
  if (failed < 0) return pass('credentials', 'credentials-verified', `every credential (${reports.length}) verified`, { count: String(reports.length) });
  const why = reports[failed]!.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason}`).join('; ');
  return fail('credentials', 'credential-not-verified', `verifiableCredential[${failed}] did not verify: ${why}`, { index: String(failed) });
}

/**
 * The holder rules: VC DM 2.0 § Presentations Including Holder Claims (a self-asserted credential, issued
 * by the presentation's own signer, needs the holder to be its issuer) fail; a credential about someone
 * other than the holder is only a warning (VC-API: subject/holder business rules are the caller's).
 */
function holderFindings(holder: string | undefined, signer: string | undefined, reports: VerificationReport[], entries: unknown[]): { checks: PresentationCheck[]; warnings: PresentationCheck[] } {
  const checks: PresentationCheck[] = [];
  const warnings: PresentationCheck[] = [];
  reports.forEach((r, i) => {
    const index = String(i);
    const issuer = idOf(r.credential?.issuer);
    if (signer && issuer === signer && !isEnveloped(entries[i], 'credential') && holder !== issuer) {
      checks.push(fail('holder', 'self-asserted-holder-mismatch', `verifiableCredential[${i}] is self-asserted by ${issuer}, the presentation's signer: the holder must be that issuer`, { index }));
    }
    const subjects = asArray(r.credential?.credentialSubject).map(idOf);
    if (holder && !subjects.includes(holder)) warnings.push(fail('holder', 'subject-not-holder', `verifiableCredential[${i}] is not about the holder ${holder}`, { index }));
  });
  return { checks, warnings };
}

/**
 * VC DM 2.0 § Presentations Including Holder Claims: a credential with no proof of its own whose issuer
 * is the presentation's `holder` is secured by the presentation's proof, when that proof verified with
 * a key the holder lists under `authentication`. Its report then counts the presentation's proof and
 * holder key for its own `proof` and `issuer-key`; every other check (schema, validity, status) stands.
 * Without an explicit `holder`, or with any other issuer, it stays `proof-missing`.
 */
function holderClaims(reports: VerificationReport[], entries: unknown[], holder: string | undefined, proofChecks: PresentationCheck[]): VerificationReport[] {
  const bound = holder !== undefined && proofChecks.some((c) => c.name === 'holder-key' && c.ok) && proofChecks.every((c) => c.ok);
  if (!bound) return reports;
  return reports.map((r, i) => {
    const entry = entries[i];
    if (!isObject(entry) || entry.proof !== undefined || isEnveloped(entry, 'credential') || idOf(r.credential?.issuer) !== holder) return r;
    const checks = r.checks.map((c) => {
      if (c.name === 'proof' && c.code === 'proof-missing') return { name: 'proof' as const, ok: true, ...checkReason('proof-by-presentation', `a holder claim: secured by the proof of the presentation its issuer ${holder} signed as holder`, { holder }) };
      if (c.name === 'issuer-key' && c.code === 'key-not-checked') return { name: 'issuer-key' as const, ok: true, ...checkReason('key-authenticates-holder-claim', `the issuer is the holder ${holder}, whose authentication key signed the presentation`, { holder }) };
      return c;
    });
    return { ...r, checks, valid: checks.every((c) => c.ok), issuer: { id: holder } };
  });
}

async function verifyLdp(vp: JsonObject, options: PresentationVerifyOptions): Promise<PresentationReport> {
  if (vp['@context'] === undefined) return finish('unknown', [fail('format', 'format-no-context', 'a JSON-LD presentation needs @context')], { presentation: vp });
  const problems = presentationStructureProblems(vp);
  const checks = [pass('format', 'format-vp-ldp', 'JSON-LD verifiable presentation'), problems.length === 0 ? pass('schema', 'schema-valid', 'conforms to the VC data model') : fail('schema', 'schema-invalid', problems.join('; '))];
  if (problems.length > 0) return finish('vp-ldp', checks, { presentation: vp });
  const proof = await ldpProofChecks(vp, options);
  const entries = asArray(vp.verifiableCredential);
  const credentials = holderClaims(await verifyEmbedded(entries, options), entries, idOf(vp.holder), proof.checks);
  const holder = idOf(vp.holder) ?? proof.signer;
  const findings = holderFindings(idOf(vp.holder), proof.signer, credentials, entries);
  return finish('vp-ldp', [...checks, ...proof.checks, credentialsCheck(credentials), ...findings.checks], { presentation: vp, credentials, warnings: findings.warnings, holder });
}

const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud', 'nonce'];

/** A presentation as a JWS: the `vp` claim (VC-JWT 1.1) or the payload itself (VC-JOSE-COSE `application/vp+jwt`). */
async function verifyVpJwt(jws: string, options: PresentationVerifyOptions): Promise<PresentationReport> {
  const parsed = parseCompactJws(jws);
  if (!parsed) return finish('unknown', [fail('format', 'format-not-jws', 'not a compact JWS with a JSON payload')]);
  const { header, payload } = parsed;
  const legacy = isObject(payload.vp);
  const vp = isObject(payload.vp) ? payload.vp : Object.fromEntries(Object.entries(payload).filter(([k]) => !JWT_CLAIMS.includes(k)));
  const problems = presentationStructureProblems(vp, legacy);
  const checks = [pass('format', 'format-vp-jwt', 'verifiable presentation as a JWS'), problems.length === 0 ? pass('schema', 'schema-valid', 'conforms to the VC data model') : fail('schema', 'schema-invalid', problems.join('; '))];
  if (problems.length > 0) return finish('vp-jwt', checks, { presentation: vp });
  const holder = idOf(vp.holder) ?? (typeof payload.iss === 'string' ? payload.iss : undefined);
  checks.push(...(await jwtProofChecks(jws, header, holder, options)));
  checks.push(...bindingChecks([{ challenge: payload.nonce, domain: payload.aud }], options));
  const entries = asArray(vp.verifiableCredential);
  const credentials = await verifyEmbedded(entries, options);
  const findings = holderFindings(idOf(vp.holder), undefined, credentials, entries);
  return finish('vp-jwt', [...checks, credentialsCheck(credentials)], { presentation: vp, credentials, warnings: findings.warnings, holder });
}

async function jwtProofChecks(jws: string, header: { alg?: string | undefined; kid?: string | undefined }, holder: string | undefined, options: VerifyOptions): Promise<PresentationCheck[]> {
  const { alg, kid } = header;
  if (!alg || !(ACCEPTED_JWS_ALGS as readonly string[]).includes(alg)) return [fail('proof', 'alg-not-accepted', `JWS algorithm ${String(alg)} is not accepted (asymmetric algorithms only)`, { alg: String(alg) }), holderNotChecked('signature not checked')];
  if (typeof kid !== 'string' || !isUri(kid)) {
    const value = JSON.stringify(kid) ?? 'undefined';
    return [fail('proof', 'proof-verification-method-invalid', `the JWS kid ${value} is not a URL`, { value }), holderNotChecked('no key')];
  }
  const controller = holder ?? baseOf(kid);
  const bound = await holderKey(controller, kid, options);
  if (bound.unreadable) return [checkOf('proof', false, bound.unreadable), bound.key];
  if (!bound.method) return [fail('proof', 'key-unresolved', `key could not be resolved: ${kid} (not listed by ${controller} under authentication)`, { key: kid, detail: 'not listed under authentication' }), bound.key];
  try {
    const jwk = await jwkFromDocument(bound.method, kid);
    if (!jwk) throw new Error(`${kid} holds no public key`);
    await compactVerify(jws, await importJWK(publicJwkOf(jwk), alg), { algorithms: [alg] });
  } catch (error) {
    const detail = errorMessage(error);
    return [fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }), holderNotChecked('signature not valid, so the key is not trusted')];
  }
  return [pass('proof', 'proof-valid', `${alg} signature is valid`, { method: alg }), bound.key];
}

/**
 * Verifies a verifiable presentation: a JSON-LD object (with a Data Integrity `authentication` proof
 * by a key its holder lists under `authentication`, or without proof when no challenge/domain is
 * asked for), an `EnvelopedVerifiablePresentation`, or a VP-JWT; then every credential it carries.
 * Never throws for bad input; remote reads only through `options.fetchJson` / the document loader.
 */
export async function verifyPresentation(input: unknown, given: PresentationVerifyOptions): Promise<PresentationReport> {
  const options = given.issuerDocuments ? given : { ...given, issuerDocuments: new Map<string, Promise<JsonObject>>() };
  try {
    if (typeof input === 'string' && looksLikeCompactJws(input.trim())) return await verifyVpJwt(input.trim(), options);
    if (isEnveloped(input, 'presentation')) {
      const unwrapped = unwrapEnveloped(input, 'presentation');
      if (!unwrapped.ok) return finish('unknown', [fail('format', 'enveloped-invalid', unwrapped.detail, { detail: unwrapped.detail })]);
      return await verifyVpJwt(unwrapped.content, options);
    }
    if (isObject(input)) return await verifyLdp(input, options);
    return finish('unknown', [fail('format', 'format-unrecognised', 'expected a presentation object, an enveloped presentation or a VP-JWT')]);
  } catch (error) {
    const detail = errorMessage(error);
    return finish('unknown', [fail('format', 'verification-error', `could not be verified: ${detail}`, { detail })]);
  }
}
