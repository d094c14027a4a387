import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader, type JsonObject } from '../contexts/index.js';
import { createEd25519Signer, didKeyFromPublicKeyMultibase, didKeyVerificationMethodId, generateEd25519KeyPair, generateRsaKeyPair, importRsaPrivateKey, type Ed25519KeyMaterial } from '../keys/index.js';
import { buildOb2Assertion } from '../ob2/index.js';
import { buildOpenBadgeCredential } from '../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../ob3/test-data.js';
import { sharedJsonLdCache } from './fast/suite.js';
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
