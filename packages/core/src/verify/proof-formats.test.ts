/**
 * Every embedded proof format Laurel verifies, each signed in the test by Digital Bazaar's reference
 * library (or taken from 1EdTech's own vectors): it verifies, a tampered copy fails, the key must be
 * the issuer's own (an attacker's key claiming `controller: victim` is refused), and proof sets and
 * chains are evaluated as VC Data Integrity says.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2018 } from '@digitalbazaar/ed25519-signature-2018';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2018 } from '@digitalbazaar/ed25519-verification-key-2018';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from '../contexts/urls.js';
import { multikeyVerificationMethod } from '../keys/index.js';
import { VERIFYING_SUITES, createVerifyingSuiteRegistry } from '../proofs/index.js';
import { buildOpenBadgeCredential } from '../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../ob3/test-data.js';
import { verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';

const ED2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
const ED2018_CONTEXT = 'https://w3id.org/security/suites/ed25519-2018/v1';
const ISSUER = 'did:web:issuer.example';
const ATTACKER = 'did:web:evil.example';
const loader = createDocumentLoader();
const now = () => new Date('2026-06-01T00:00:00Z');

type Signer = { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
interface Keys {
  ed: Awaited<ReturnType<typeof Ed25519Multikey.generate>>;
  ed2020: Ed25519VerificationKey2020;
  ed2018: Ed25519VerificationKey2018;
  p256: Awaited<ReturnType<typeof EcdsaMultikey.generate>>;
  p384: Awaited<ReturnType<typeof EcdsaMultikey.generate>>;
}
let mine: Keys;
let theirs: Keys;

async function keysOf(controller: string): Promise<Keys> {
  const ed = await Ed25519Multikey.generate({ id: `${controller}#ed`, controller });
  const ed2020 = await Ed25519VerificationKey2020.generate({ id: `${controller}#ed-2020`, controller });
  const ed2018 = await Ed25519VerificationKey2018.generate({ id: `${controller}#ed-2018`, controller });
  const p256 = await EcdsaMultikey.generate({ id: `${controller}#p256`, controller, curve: 'P-256' });
  const p384 = await EcdsaMultikey.generate({ id: `${controller}#p384`, controller, curve: 'P-384' });
  return { ed, ed2020, ed2018, p256, p384 };
}

/** A controller document describing each key in another form: Multikey, 2020, 2018, JsonWebKey, JsonWebKey2020. */
async function controllerDocument(id: string, keys: Keys, claimedController = id): Promise<JsonObject> {
  const vms: JsonObject[] = [
    { id: `${id}#ed`, type: 'Multikey', controller: claimedController, publicKeyMultibase: keys.ed.publicKeyMultibase },
    { id: `${id}#ed-jwk`, type: 'JsonWebKey', controller: claimedController, publicKeyJwk: await Ed25519Multikey.toJwk({ keyPair: keys.ed }) },
    { id: `${id}#ed-2020`, type: 'Ed25519VerificationKey2020', controller: claimedController, publicKeyMultibase: keys.ed2020.publicKeyMultibase },
    { id: `${id}#ed-2018`, type: 'Ed25519VerificationKey2018', controller: claimedController, publicKeyBase58: keys.ed2018.publicKeyBase58 },
    { id: `${id}#p256`, type: 'Multikey', controller: claimedController, publicKeyMultibase: keys.p256.publicKeyMultibase },
    { id: `${id}#p256-jwk`, type: 'JsonWebKey2020', controller: claimedController, publicKeyJwk: await EcdsaMultikey.toJwk({ keyPair: keys.p256 }) },
    { id: `${id}#p384`, type: 'Multikey', controller: claimedController, publicKeyMultibase: keys.p384.publicKeyMultibase },
  ];
  return { '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT], id, verificationMethod: vms, assertionMethod: vms.map((v) => v.id) };
}

let dids: Map<string, JsonObject>;
const options = (): VerifyOptions => ({ documentLoader: createDocumentLoader({ resolveDid: async (did) => structuredClone(dids.get(did)) }), now });

function credential(issuer: string, extraContexts: string[] = []): JsonObject {
  const built = buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award: sampleAward, links: sampleLinks(issuer) }) as unknown as JsonObject;
  return { ...built, '@context': [...(built['@context'] as string[]), ...extraContexts] };
}

const withSigner = (signer: Signer, id: string): Signer => ({ id, algorithm: signer.algorithm, sign: (input) => signer.sign(input) });
const purpose = () => new jsigs.purposes.AssertionProofPurpose();

async function sign(document: JsonObject, suite: unknown): Promise<JsonObject> {
  return jsigs.sign(structuredClone(document), { suite, purpose: purpose(), documentLoader: loader });
}

/** One entry per format: how the reference library signs with the key at `vm` of `keys`. */
interface Format {
  name: string;
  contexts?: string[];
  vm: string;
  sign(document: JsonObject, keys: Keys, vm: string): Promise<JsonObject>;
}

const diSign = (cryptosuite: () => unknown, key: (k: Keys) => { signer(): Signer }) => (document: JsonObject, keys: Keys, vm: string) =>
  sign(document, new DataIntegrityProof({ signer: withSigner(key(keys).signer(), vm), cryptosuite: cryptosuite(), date: '2026-01-02T03:04:05Z' }));

const FORMATS: Format[] = [
  { name: 'eddsa-rdfc-2022 (Multikey)', vm: 'ed', sign: diSign(() => eddsaRdfc2022, (k) => k.ed) },
  { name: 'eddsa-jcs-2022 (JsonWebKey)', vm: 'ed-jwk', sign: diSign(() => eddsaJcs2022.createSignCryptosuite(), (k) => k.ed) },
  { name: 'ecdsa-rdfc-2019 P-256 (Multikey)', vm: 'p256', sign: diSign(() => ecdsaRdfc2019, (k) => k.p256) },
  { name: 'ecdsa-rdfc-2019 P-384 (Multikey)', vm: 'p384', sign: diSign(() => ecdsaRdfc2019, (k) => k.p384) },
  { name: 'ecdsa-jcs-2019 P-256 (JsonWebKey2020)', vm: 'p256-jwk', sign: diSign(() => ecdsaJcs2019.createSignCryptosuite(), (k) => k.p256) },
  { name: 'ecdsa-jcs-2019 P-384 (Multikey)', vm: 'p384', sign: diSign(() => ecdsaJcs2019.createSignCryptosuite(), (k) => k.p384) },
  {
    name: 'Ed25519Signature2020 (Ed25519VerificationKey2020)',
    vm: 'ed-2020',
    contexts: [ED2020_CONTEXT],
    sign: (document, keys, vm) => sign(document, new Ed25519Signature2020({ signer: withSigner(keys.ed2020.signer(), vm), date: '2026-01-02T03:04:05Z' })),
  },
  {
    name: 'Ed25519Signature2018 (Ed25519VerificationKey2018)',
    vm: 'ed-2018',
    contexts: [ED2018_CONTEXT],
    sign: (document, keys, vm) => sign(document, new Ed25519Signature2018({ signer: withSigner(keys.ed2018.signer(), vm), date: '2026-01-02T03:04:05Z' })),
  },
  {
    name: 'ecdsa-sd-2023 derived (Multikey P-256)',
    vm: 'p256',
    async sign(document, keys, vm) {
      const base = await sign(document, new DataIntegrityProof({ signer: withSigner(keys.p256.signer(), vm), cryptosuite: ecdsaSd2023.createSignCryptosuite({ mandatoryPointers: ['/issuer', '/validFrom', '/name'] }) }));
      const derive = (jsigs as unknown as { derive(d: unknown, o: unknown): Promise<JsonObject> }).derive;
      const cryptosuite = ecdsaSd2023.createDiscloseCryptosuite({ selectivePointers: ['/credentialSubject'] });
      return derive(base, { suite: new DataIntegrityProof({ cryptosuite }), purpose: purpose(), documentLoader: loader });
    },
  },
];

const check = (r: VerificationReport, name: string) => r.checks.find((c) => c.name === name)!;
const firstProof = (d: JsonObject) => (Array.isArray(d.proof) ? d.proof[0] : d.proof) as JsonObject;

beforeAll(async () => {
  mine = await keysOf(ISSUER);
  theirs = await keysOf(ATTACKER);
  dids = new Map([
    [ISSUER, await controllerDocument(ISSUER, mine)],
    // The attacker's own DID document: real keys, each claiming the victim as its controller.
    [ATTACKER, await controllerDocument(ATTACKER, theirs, ISSUER)],
  ]);
});

describe.each(FORMATS)('$name', (format) => {
  it('verifies what the reference library signed with the issuer’s key', async () => {
    const signed = await format.sign(credential(ISSUER, format.contexts), mine, `${ISSUER}#${format.vm}`);
    const r = await verifyCredential(signed, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(r, 'proof')).toMatchObject({ ok: true, code: 'proof-valid' });
    expect(check(r, 'issuer-key')).toMatchObject({ ok: true, code: 'key-controlled-by-issuer', params: { key: `${ISSUER}#${format.vm}`, issuer: ISSUER } });
    expect(r.valid).toBe(true);
  });

  it('fails when the signed content is changed', async () => {
    const signed = await format.sign(credential(ISSUER, format.contexts), mine, `${ISSUER}#${format.vm}`);
    const tampered = structuredClone(signed);
    (tampered.credentialSubject as JsonObject).id = 'did:example:someone-else';
    const r = await verifyCredential(tampered, options());
    expect(check(r, 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    expect(r.valid).toBe(false);
  });

  it('refuses the attacker’s key that claims the victim as its controller', async () => {
    // Signed by the attacker's real key, listed in the attacker's DID document with controller: victim.
    const forged = await format.sign(credential(ISSUER, format.contexts), theirs, `${ATTACKER}#${format.vm}`);
    const r = await verifyCredential(forged, options());
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: `${ATTACKER}#${format.vm}`, issuer: ISSUER } });
    expect(r.issuer).toBeUndefined();
    expect(r.valid).toBe(false);
  });
});

describe('suites and keys', () => {
  it('registers each suite once, by the spec’s name', () => {
    expect(createVerifyingSuiteRegistry().names()).toEqual(['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'ecdsa-rdfc-2019', 'ecdsa-jcs-2019', 'ecdsa-sd-2023', 'Ed25519Signature2020', 'Ed25519Signature2018']);
    expect(() => createVerifyingSuiteRegistry([VERIFYING_SUITES[0]!, VERIFYING_SUITES[0]!])).toThrow(/Duplicate/);
    // A DataIntegrityProof never reaches a legacy suite by naming it as its cryptosuite.
    expect(createVerifyingSuiteRegistry().forProof({ type: 'DataIntegrityProof', cryptosuite: 'Ed25519Signature2020' })).toBeUndefined();
  });

  it('refuses a key of the wrong type for the suite, and keeps unknown suites unsupported', async () => {
    const signed = await FORMATS[2]!.sign(credential(ISSUER), mine, `${ISSUER}#p256`);
    const edKeyNamed = structuredClone(signed);
    firstProof(edKeyNamed).verificationMethod = `${ISSUER}#ed`;
    expect(check(await verifyCredential(edKeyNamed, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-key-mismatch', params: { key: `${ISSUER}#ed`, suite: 'ecdsa-rdfc-2019' } });
    const unknown = structuredClone(signed);
    firstProof(unknown).cryptosuite = 'bbs-2099';
    expect(check(await verifyCredential(unknown, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-unsupported', params: { found: 'DataIntegrityProof/bbs-2099' } });
    const legacy = structuredClone(signed);
    legacy.proof = { ...firstProof(signed), type: 'EcdsaSecp256k1Signature2019', cryptosuite: undefined };
    expect(check(await verifyCredential(legacy, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-unsupported' });
  });

  it('refuses an ecdsa-sd-2023 base proof: it is for the holder, not a verifier', async () => {
    const base = await sign(credential(ISSUER), new DataIntegrityProof({ signer: withSigner(mine.p256.signer(), `${ISSUER}#p256`), cryptosuite: ecdsaSd2023.createSignCryptosuite() }));
    expect(check(await verifyCredential(base, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
  });

  it('verifies a P-256 did:key issuer', async () => {
    const key = mine.p256.publicKeyMultibase;
    const issuer = `did:key:${key}`;
    const signed = await FORMATS[2]!.sign(credential(issuer), mine, `${issuer}#${key}`);
    const r = await verifyCredential(signed, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('fails an expired proof', async () => {
    const suite = new DataIntegrityProof({ signer: withSigner(mine.ed.signer(), `${ISSUER}#ed`), cryptosuite: eddsaRdfc2022, date: '2026-01-02T03:04:05Z' });
    (suite as unknown as { proof: JsonObject }).proof = { expires: '2026-03-01T00:00:00Z' };
    const signed = await sign(credential(ISSUER), suite);
    expect(check(await verifyCredential(signed, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-expired', params: { date: '2026-03-01T00:00:00Z' } });
    expect(check(await verifyCredential(signed, { ...options(), now: () => new Date('2026-02-01T00:00:00Z') }), 'proof')).toMatchObject({ ok: true });
  });
});

/** A proof by the reference library over `document` as given (its `proof` included: the chain algorithm's input). */
async function proofOver(document: JsonObject, vm: string, extra: JsonObject, cryptosuite: unknown = eddsaRdfc2022, signer: Signer = mine.ed.signer()): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer: withSigner(signer, vm), cryptosuite, date: '2026-01-02T03:04:05Z' });
  (suite as unknown as { proof: JsonObject }).proof = extra;
  const created = await (suite as unknown as { createProof(o: unknown): Promise<JsonObject> }).createProof({ document: structuredClone(document), purpose: purpose(), proofSet: [], documentLoader: loader });
  const { '@context': _context, ...proof } = created;
  return proof;
}

describe('proof sets and chains', () => {
  it('verifies a set of proofs by two of the issuer’s keys, and fails when one of them fails', async () => {
    const unsecured = credential(ISSUER);
    const a = await proofOver(unsecured, `${ISSUER}#ed`, { id: 'urn:uuid:a' });
    const b = await proofOver(unsecured, `${ISSUER}#p256`, { id: 'urn:uuid:b' }, ecdsaRdfc2019, mine.p256.signer());
    const r = await verifyCredential({ ...unsecured, proof: [a, b] }, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(r, 'proof').params).toEqual({ method: 'eddsa-rdfc-2022, ecdsa-rdfc-2019' });
    const broken = await verifyCredential({ ...unsecured, proof: [a, { ...b, proofValue: `${String(b.proofValue).slice(0, -4)}AAAA` }] }, options());
    expect(check(broken, 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const copied = await verifyCredential({ ...unsecured, proof: [a, { ...b, proofValue: a.proofValue }] }, options());
    expect(check(copied, 'proof')).toMatchObject({ ok: false, code: 'proof-duplicated' });
    expect(broken.valid).toBe(false);
  });

  it('counts an identical copy once, and refuses two different proofs with one id', async () => {
    const unsecured = credential(ISSUER);
    const a = await proofOver(unsecured, `${ISSUER}#ed`, { id: 'urn:uuid:a' });
    expect((await verifyCredential({ ...unsecured, proof: [a, structuredClone(a), structuredClone(a)] }, options())).valid).toBe(true);
    const other = await proofOver(unsecured, `${ISSUER}#p256`, { id: 'urn:uuid:a' }, ecdsaRdfc2019, mine.p256.signer());
    expect(check(await verifyCredential({ ...unsecured, proof: [a, other] }, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-id-duplicated', params: { id: 'urn:uuid:a' } });
  });

  it('verifies a chain: the second proof signs the document with the first proof in it', async () => {
    const unsecured = credential(ISSUER);
    const first = await proofOver(unsecured, `${ISSUER}#ed`, { id: 'urn:uuid:first' });
    const second = await proofOver({ ...unsecured, proof: [first] }, `${ISSUER}#p256`, { id: 'urn:uuid:second', previousProof: 'urn:uuid:first' }, ecdsaRdfc2019, mine.p256.signer());
    const chained = { ...unsecured, proof: [first, second] };
    const r = await verifyCredential(chained, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(r, 'proof').params).toEqual({ method: 'eddsa-rdfc-2022, ecdsa-rdfc-2019' });
    // The array form of previousProof names the same proofs.
    const third = await proofOver({ ...unsecured, proof: [first, second] }, `${ISSUER}#ed`, { id: 'urn:uuid:third', previousProof: ['urn:uuid:first', 'urn:uuid:second'] });
    expect((await verifyCredential({ ...unsecured, proof: [first, second, third] }, options())).valid).toBe(true);
  });

  it('fails a chain whose previous proof is missing, changed, or itself', async () => {
    const unsecured = credential(ISSUER);
    const first = await proofOver(unsecured, `${ISSUER}#ed`, { id: 'urn:uuid:first' });
    const second = await proofOver({ ...unsecured, proof: [first] }, `${ISSUER}#p256`, { id: 'urn:uuid:second', previousProof: 'urn:uuid:first' }, ecdsaRdfc2019, mine.p256.signer());
    const dropped = await verifyCredential({ ...unsecured, proof: [second] }, options());
    expect(check(dropped, 'proof')).toMatchObject({ ok: false, code: 'proof-chain-broken', params: { id: 'urn:uuid:first' } });
    // Another valid proof under the same id does not stand in for the one that was chained.
    const substitute = await proofOver(unsecured, `${ISSUER}#p384`, { id: 'urn:uuid:first' }, ecdsaRdfc2019, mine.p384.signer());
    expect(check(await verifyCredential({ ...unsecured, proof: [substitute, second] }, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    // Without its chain the second proof does not hold on the bare document either.
    const unchained = { ...second, previousProof: undefined };
    expect(check(await verifyCredential({ ...unsecured, proof: [first, unchained] }, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const selfish = await verifyCredential({ ...unsecured, proof: [{ ...first, previousProof: 'urn:uuid:first' }] }, options());
    expect(check(selfish, 'proof')).toMatchObject({ ok: false, code: 'proof-chain-broken' });
  });

  it('refuses more than 8 distinct proofs before any signature work', async () => {
    const unsecured = credential(ISSUER);
    const a = await proofOver(unsecured, `${ISSUER}#ed`, {});
    const many = Array.from({ length: 9 }, (_, i) => ({ ...a, id: `urn:uuid:${i}` }));
    expect(check(await verifyCredential({ ...unsecured, proof: many }, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-set-too-large', params: { max: '8' } });
  });
});

describe('1EdTech vectors in other formats', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../test-data/conformance/ob3-examples/1edtech-validator');
  const read = (file: string): JsonObject => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  /** 1EdTech's validator mocks the issuer as the controller of the key its fragment names; so do we. */
  function mockedIssuer(vc: JsonObject): VerifyOptions {
    const issuer = typeof vc.issuer === 'string' ? vc.issuer : String((vc.issuer as JsonObject).id);
    const vm = String(firstProof(vc).verificationMethod);
    const doc = { id: issuer, verificationMethod: [multikeyVerificationMethod({ id: vm, controller: issuer, publicKeyMultibase: vm.split('#')[1]! })], assertionMethod: [vm] };
    return { documentLoader: createDocumentLoader({ extra: { [issuer]: doc } }), now, skipStatus: true };
  }

  it.each(['simple_v1.json', 'credential-status-revoked.json', 'sd/derivedcredential.json'])('%s verifies its signature with the issuer’s key', async (file) => {
    const vc = read(file);
    const r = await verifyCredential(vc, mockedIssuer(vc));
    expect(check(r, 'proof')).toMatchObject({ ok: true, code: 'proof-valid' });
    expect(check(r, 'issuer-key')).toMatchObject({ ok: true });
    const tampered = structuredClone(vc);
    tampered.name = 'Something else';
    expect(check(await verifyCredential(tampered, mockedIssuer(vc)), 'proof')).toMatchObject({ ok: false });
  });
});
