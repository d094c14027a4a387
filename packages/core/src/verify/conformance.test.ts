import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../contexts/index.js';
import { multikeyVerificationMethod } from '../keys/index.js';
import { verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../test-data/conformance/ob3-examples/1edtech-validator');
const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
const files = readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.jwt'));
const errFiles = files.filter((f) => /(^|-)err-/.test(f));
const validFiles = files.filter((f) => /^(simple.*|complete.*|endorsement-valid)\.json$/.test(f) && !errFiles.includes(f));
const now = () => new Date('2026-01-01T00:00:00Z');

const offline: VerifyOptions = { documentLoader: createDocumentLoader(), now };

/** 1EdTech's tests mock https://example.com/issuers/876543 as a controller of the key its fragment names. */
function mockedExampleIssuer(): VerifyOptions {
  const id = 'https://example.com/issuers/876543';
  const keys = ['z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi', 'z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x'];
  const vms = keys.map((key) => multikeyVerificationMethod({ id: `${id}#${key}`, controller: id, publicKeyMultibase: key }));
  const doc = { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id, verificationMethod: vms, assertionMethod: vms.map((vm) => vm.id) };
  return { documentLoader: createDocumentLoader({ extra: { [id]: doc } }), now };
}

function failed(r: VerificationReport, name: string) {
  return r.checks.find((c) => c.name === name && !c.ok);
}

describe('1EdTech validator examples', () => {
  it('has the expected files', () => {
    expect(errFiles.length).toBeGreaterThanOrEqual(20);
    expect(validFiles).toEqual(expect.arrayContaining(['simple.json', 'complete.json', 'endorsement-valid.json', 'simple_v1.json']));
  });

  it.each(errFiles)('%s is invalid, with a reason', async (file) => {
    for (const options of [offline, mockedExampleIssuer()]) {
      const r = await verifyCredential(read(file), options);
      expect(r.valid).toBe(false);
      const reasons = r.checks.filter((c) => !c.ok);
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.every((c) => c.reason.length > 0)).toBe(true);
    }
  });

  it.each(validFiles)('%s passes format and schema; an unresolvable key is reported, not thrown', async (file) => {
    const r = await verifyCredential(read(file), offline);
    expect(failed(r, 'format')).toBeUndefined();
    expect(failed(r, 'schema')).toBeUndefined();
    const proof = r.checks.find((c) => c.name === 'proof');
    expect(proof).toBeDefined();
    if (!proof!.ok && /DataIntegrityProof\/eddsa-rdfc-2022|example\.(com|edu)|did:/.test(JSON.stringify(JSON.parse(read(file)).proof ?? ''))) {
      expect(proof!.reason).toMatch(/key could not be resolved|no supported proof|no proof/);
    }
  });

  it('names the failing rule for the structural error files', async () => {
    const expectations: Record<string, [string, RegExp]> = {
      'simple-err-context.json': ['schema', /first @context/],
      'simple-err-type.json': ['schema', /OpenBadgeCredential/],
      'simple-err-issuer.json': ['schema', /issuer is required/],
      'simple-err-issuer-type.json': ['schema', /issuer must have type Profile/],
      'simple-err-issuer-parentorg-type.json': ['schema', /parentOrg must have type Profile/],
      'simple-err-issuer-otheridentifier-type.json': ['schema', /otherIdentifier\[1\] must have type IdentifierEntry/],
      'simple-err-credential-subject-type.json': ['schema', /AchievementSubject/],
      'simple-err-credential-subject-identifier-type.json': ['schema', /identifier\[0\] must have type IdentityObject/],
      'simple-err-credential-subject-profile-type.json': ['schema', /source must have type Profile/],
      'simple-err-credential-subject-result-type.json': ['schema', /result\[1\] must have type Result/],
      'simple-err-credential-subject-achievement-result-description-type.json': ['schema', /resultDescription\[\d\] must have type ResultDescription/],
      'simple-err-evidence-type.json': ['schema', /evidence\[1\] must have type Evidence/],
      'simple-err-expired.json': ['validity', /expired/],
      'simple-err-issued.json': ['validity', /not valid yet/],
      'simple-err-proof-method-no-scheme.json': ['proof', /not a URL/],
      'simple-err-proof-method-unknown-did-method.json': ['proof', /key could not be resolved/],
      'simple-err-proof-method-unknown-scheme.json': ['proof', /key could not be resolved/],
      'simple-err-proof-method.json': ['proof', /key could not be resolved/],
    };
    for (const [file, [check, reason]] of Object.entries(expectations)) {
      const r = await verifyCredential(read(file), offline);
      expect(failed(r, check)?.reason, `${file}: ${JSON.stringify(r.checks)}`).toMatch(reason);
    }
  });

  it('with 1EdTech’s mocked issuer key, simple.json verifies and simple-err-proof-value fails on its signature', async () => {
    const options = mockedExampleIssuer();
    const good = await verifyCredential(read('simple.json'), options);
    expect(good.checks.filter((c) => !c.ok)).toEqual([]);
    expect((await verifyCredential(read('simple-multiple-proofs.json'), options)).valid).toBe(true);
    const bad = await verifyCredential(read('simple-err-proof-value.json'), options);
    expect(failed(bad, 'proof')?.reason).toMatch(/not valid/);
  });

  it('judges the VC-JWT examples as 1EdTech’s validator does: both fail on their key, with a reason', async () => {
    // 1EdTech's ExternalProofProbe: simple.jwt has neither kid nor jwk ("Key must present in either
    // jwk or kid value"); velocity.jwt's kid is a did:velocity URL it cannot dereference.
    const expected: Record<string, RegExp> = {
      'simple.jwt': /neither kid nor jwk/,
      'velocity.jwt': /did:velocity:v2:.*#key-1/,
    };
    expect(files.filter((f) => f.endsWith('.jwt')).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, reason] of Object.entries(expected)) {
      const r = await verifyCredential(read(file), offline);
      // Both carry the credential in the `vc` claim: VC Data Model 1.1 JWTs.
      expect(r.format, file).toBe('vc-jwt-v1');
      expect(r.checks[0]).toMatchObject({ name: 'format', ok: true, code: 'format-vc-jwt-v1' });
      expect(r.valid).toBe(false);
      expect(failed(r, 'proof'), file).toMatchObject({ code: 'key-unresolved', reason: expect.stringMatching(/key could not be resolved/) });
      expect(failed(r, 'proof')?.reason, file).toMatch(reason);
      expect(failed(r, 'schema'), file).toBeUndefined();
    }
  });

  it('fails credential-status-revoked when the 1EdTech revocation list names it', async () => {
    const credential = JSON.parse(read('credential-status-revoked.json'));
    const fetchJson = async () => ({ revokedCredentials: [{ id: credential.id, revocationReason: 'test' }] });
    const r = await verifyCredential(credential, { ...offline, fetchJson });
    expect(failed(r, 'status')?.reason).toMatch(/revoked: test/);
    const r2 = await verifyCredential(credential, { ...offline, fetchJson: async () => ({ revokedCredentials: [] }) });
    expect(r2.checks.find((c) => c.name === 'status')?.ok).toBe(true);
  });
});
