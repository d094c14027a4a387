import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { createEd25519Signer, didKeyFromPublicKeyMultibase, didKeyVerificationMethodId, generateEd25519KeyPair, generateRsaKeyPair, importRsaPrivateKey, type Ed25519KeyMaterial } from '../keys/index.js';
import { buildOb2Assertion } from '../ob2/index.js';
import { buildOpenBadgeCredential } from '../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../ob3/test-data.js';
import { BUNDLED_CONTEXTS } from '../contexts/bundled.js';
import { sharedJsonLdCache } from './fast/suite.js';
import { endorsementOf, generatedCredential } from './fast/test-credentials.js';
import jsigs from 'jsonld-signatures';
import { signDataIntegrity, signOb2Assertion, signVcJwt, verifyDataIntegrityProof } from './index.js';

const documentLoader = createDocumentLoader();
let ed: Ed25519KeyMaterial;
let rsaKey: CryptoKey;

const ob2Links = {
  issuer: (id: string) => `https://badges.example.org/ob2/issuers/${id}`,
  badge: (id: string) => `https://badges.example.org/ob2/badges/${id}`,
  assertion: (id: string) => `https://badges.example.org/ob2/assertions/${id}`,
  badgeImage: (id: string) => `https://badges.example.org/ob2/badges/${id}/image`,
};

beforeAll(async () => {
  ed = await generateEd25519KeyPair();
  rsaKey = await importRsaPrivateKey((await generateRsaKeyPair()).privateJwk);
});

/** The n-th credential of one achievement: every per-credential value differs. */
function nth(n: number): JsonObject {
  const award = {
    ...sampleAward,
    id: `cred-${n}`,
    issuedOn: new Date(Date.UTC(2026, 0, 1 + (n % 28), n % 24)).toISOString(),
    narrative: n % 2 ? `Narrative "${n}" — ✓` : 'Did great',
    evidence: [{ id: `https://uni.example/evidence/${n}`, name: `Project ${n}`, narrative: `Built thing #${n}\nwith a newline` }],
    recipient: { ...sampleAward.recipient, identityHash: `sha256$${n.toString(16).padStart(64, '0')}`, salt: `salt-${n}` },
  };
  const links = { ...sampleLinks(didKeyFromPublicKeyMultibase(ed.publicKeyMultibase)), credential: `https://badges.example.org/ob3/credentials/cred-${n}` };
  return buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award, links }) as JsonObject;
}

describe('signing on the fast path (JSON-LD work cached per shape)', () => {
  it('a batch of credentials signed on the fast path all verify with the unmodified Digital Bazaar verifier', async () => {
    const signer = await createEd25519Signer(ed, didKeyVerificationMethodId(ed.publicKeyMultibase));
    const before = sharedJsonLdCache.stats().fast;
    const signed: JsonObject[] = [];
    for (let n = 0; n < 40; n++) {
      signed.push(await signDataIntegrity(nth(n), { signer, documentLoader, now: () => new Date(Date.UTC(2026, 1, 1, 0, 0, n)) }));
    }
    // Most of the canonicalisations (document, proof options, terms check) came from templates.
    expect(sharedJsonLdCache.stats().fast - before).toBeGreaterThan(100);
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    for (const credential of signed) {
      const result = await vc.verifyCredential({ credential, suite, documentLoader, now: new Date('2026-06-01T00:00:00Z') });
      expect(result.error, JSON.stringify(result.error)).toBeUndefined();
      expect(result.verified).toBe(true);
    }
    // A value changed after signing still breaks the proof, on the fast verification path too.
    const tampered = structuredClone(signed[7]) as any;
    tampered.evidence[0].narrative = 'Something else';
    expect((await verifyDataIntegrityProof(tampered, tampered.proof[0], documentLoader)).verified).toBe(false);
    expect((await vc.verifyCredential({ credential: tampered, suite, documentLoader, now: new Date('2026-06-01T00:00:00Z') })).verified).toBe(false);
    expect((await verifyDataIntegrityProof(signed[8]!, (signed[8]!.proof as JsonObject[])[0]!, documentLoader)).verified).toBe(true);
  });

  it('the Ed25519 signer imported once signs exactly as the library signer does (Ed25519 is deterministic)', async () => {
    const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
    const id = didKeyVerificationMethodId(ed.publicKeyMultibase);
    const library = (await Ed25519Multikey.from({ type: 'Multikey', id, controller: id.split('#')[0], publicKeyMultibase: ed.publicKeyMultibase, secretKeyMultibase: ed.secretKeyMultibase })).signer();
    const ours = await createEd25519Signer(ed, id);
    const data = new TextEncoder().encode('the same bytes');
    expect(Buffer.from(await ours.sign({ data })).toString('hex')).toBe(Buffer.from(await library.sign({ data })).toString('hex'));
    expect({ id: ours.id, algorithm: ours.algorithm }).toEqual({ id: library.id, algorithm: library.algorithm });
  });

  it('still refuses undefined terms once the shape of valid documents is cached', async () => {
    const signer = await createEd25519Signer(ed, didKeyVerificationMethodId(ed.publicKeyMultibase));
    for (let n = 100; n < 104; n++) {
      await signDataIntegrity(nth(n), { signer, documentLoader, now: () => new Date() });
      await signVcJwt(nth(n), { privateKey: rsaKey, kid: 'https://x/k', documentLoader });
      await signOb2Assertion(buildOb2Assertion({ ...sampleAward, id: `a${n}` }, ob2Links), { privateKey: rsaKey, creator: 'https://x/k', documentLoader });
    }
    const stray = { ...nth(200), favouriteColour: 'blue' };
    await expect(signDataIntegrity(stray, { signer, documentLoader, now: () => new Date() })).rejects.toMatchObject({ code: 'undefined-terms' });
    await expect(signVcJwt(stray, { privateKey: rsaKey, kid: 'https://x/k', documentLoader })).rejects.toMatchObject({ code: 'undefined-terms' });
    const nested = nth(201) as any;
    nested.credentialSubject.achievement.secretLevel = 'high';
    await expect(signDataIntegrity(nested, { signer, documentLoader, now: () => new Date() })).rejects.toMatchObject({ code: 'undefined-terms' });
    const ob2 = { ...buildOb2Assertion({ ...sampleAward, id: 'a300' }, ob2Links), shoeSize: 44 };
    await expect(signOb2Assertion(ob2, { privateKey: rsaKey, creator: 'https://x/k', documentLoader })).rejects.toMatchObject({ code: 'undefined-terms' });
    // A relative IRI where an absolute one was cached is a different shape: refused by the reference check.
    const relative = nth(202) as any;
    relative.evidence[0].id = 'evidence/1';
    await expect(signVcJwt(relative, { privateKey: rsaKey, kid: 'https://x/k', documentLoader })).rejects.toMatchObject({ code: 'undefined-terms' });
  });
});

/** The bare reference: jsonld-signatures + DataIntegrityProof + the unmodified eddsa-rdfc-2022 cryptosuite. */
async function referenceSign(document: JsonObject, signer: unknown, created: string, loader = documentLoader): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date: created });
  return jsigs.sign(structuredClone(document), { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: loader });
}

describe('direct eddsa-rdfc-2022 signing (no jsonld-signatures round trip)', () => {
  it('gives byte-identical proofs to the reference for generated credentials (tricky values, endorsements, twins)', async () => {
    const signer = await createEd25519Signer(ed, didKeyVerificationMethodId(ed.publicKeyMultibase));
    const issuer = didKeyFromPublicKeyMultibase(ed.publicKeyMultibase);
    const endorsement = await referenceSign(endorsementOf(issuer), signer, '2026-01-01T00:00:00Z');
    const verifier = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    for (let n = 0; n < 48; n++) {
      const credential = generatedCredential(n % 2 ? n : n + 1000, { issuer, endorsement, distinctValues: n % 2 === 1, structures: 6 });
      // A few seconds of `created`, as in a bulk award: proof configurations repeat and come from the digest cache.
      const created = new Date(Date.UTC(2026, 1, 1, 0, 0, n % 3));
      const ours = await signDataIntegrity(credential, { signer, documentLoader, now: () => created });
      const reference = await referenceSign(credential, signer, created.toISOString());
      const { proof, ...rest } = ours;
      const { proof: referenceProof, ...referenceRest } = reference;
      expect(JSON.stringify(proof), `credential ${n}`).toBe(JSON.stringify([referenceProof]));
      expect(JSON.stringify(rest)).toBe(JSON.stringify(referenceRest));
      if (n % 8 === 0) {
        const result = await vc.verifyCredential({ credential: ours, suite: verifier, documentLoader, now: new Date('2026-06-01T00:00:00Z') });
        expect(result.verified, JSON.stringify(result.error)).toBe(true);
      }
    }
  }, 240_000);

  it('does not reuse a cached proof-configuration digest when the loader gives other contexts', async () => {
    const signer = await createEd25519Signer(ed, didKeyVerificationMethodId(ed.publicKeyMultibase));
    const now = () => new Date(Date.UTC(2026, 2, 1));
    const VC2 = 'https://www.w3.org/ns/credentials/v2';
    // The same URL, another meaning for proof.created.
    const altered = structuredClone(BUNDLED_CONTEXTS.get(VC2)) as any;
    altered['@context'].DataIntegrityProof['@context'].created['@id'] = 'https://attacker.example/created';
    const otherLoader = createDocumentLoader({ extra: { [VC2]: altered } });
    const first = await signDataIntegrity(nth(500), { signer, documentLoader, now });
    const second = await signDataIntegrity(nth(500), { signer, documentLoader: otherLoader, now });
    const reference = await referenceSign(nth(500), signer, now().toISOString().replace('.000', ''), otherLoader);
    expect((second.proof as JsonObject[])[0]).toEqual(reference.proof);
    expect((second.proof as JsonObject[])[0]!.proofValue).not.toBe((first.proof as JsonObject[])[0]!.proofValue);
  });

  it('leaves documents without the suite context to jsonld-signatures, with the same result as before', async () => {
    const signer = await createEd25519Signer(ed, didKeyVerificationMethodId(ed.publicKeyMultibase));
    const v1 = { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential'], issuer: 'did:example:1', issuanceDate: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:2' } };
    const now = () => new Date(Date.UTC(2026, 2, 2));
    const ours = await signDataIntegrity(v1, { signer, documentLoader, now });
    const reference = await referenceSign(v1, signer, '2026-03-02T00:00:00Z');
    expect((ours.proof as JsonObject[])[0]).toEqual(reference.proof);
    expect(ours['@context']).toEqual(v1['@context']);
  });
});
