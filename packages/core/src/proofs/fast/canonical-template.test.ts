import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../../contexts/index.js';
import { createDocumentLoader } from '../../loader/index.js';
import { createEd25519Signer, didKeyFromPublicKeyMultibase, didKeyVerificationMethodId, generateEd25519KeyPair } from '../../keys/index.js';
import { createJsonLdCache } from './jsonld-cache.js';
import { toDataset } from './rdf.js';
import { canonizeSimple } from './rdfc.js';
import { endorsementOf, generatedCredential } from './test-credentials.js';

const documentLoader = createDocumentLoader();
const reference = (eddsaRdfc2022 as unknown as { canonize(d: unknown, o: object): Promise<string> }).canonize;
const outcome = (p: Promise<string | undefined>) => p.then((v) => v, (e: unknown) => `error: ${(e as Error).message}`);
let issuer: string;
let endorsement: JsonObject;

beforeAll(async () => {
  const key = await generateEd25519KeyPair();
  issuer = didKeyFromPublicKeyMultibase(key.publicKeyMultibase);
  // A signed endorsement to embed: its proof is a named graph in the credential's dataset.
  const signer = await createEd25519Signer(key, didKeyVerificationMethodId(key.publicKeyMultibase));
  endorsement = await jsigs.sign(endorsementOf(issuer), {
    suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date: '2026-01-01T00:00:00Z' }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader,
  });
});

describe('canonical N-Quads from pre-serialised templates', () => {
  /** Canonicalises `count` generated credentials through a fresh cache; each must equal the reference. */
  async function compare(count: number, distinctValues: boolean) {
    const cache = createJsonLdCache({ buildAfter: 1 });
    let twins = 0;
    let endorsed = 0;
    for (let n = 0; n < count; n++) {
      const document = generatedCredential(n, { issuer, endorsement, distinctValues });
      if (JSON.stringify(document).includes('EndorsementCredential')) endorsed += 1;
      const expected = await outcome(reference(document, { documentLoader }));
      const fast = await cache.canonical(document, documentLoader);
      if (fast !== undefined) expect(fast, `credential ${n}`).toBe(expected);
      // Twin blank nodes (identical alignments) share a first-degree hash: the full RDFC-1.0 way, still equal.
      if (fast !== undefined && (await canonizeSimple(await toDataset(document, documentLoader, true))) === undefined) twins += 1;
    }
    return { ...cache.stats(), twins, endorsed };
  }

  it('equal the reference eddsa-rdfc-2022 canonize for 160 credentials with tricky, often equal values', async () => {
    const stats = await compare(160, false);
    expect(stats.fast).toBe(160);
    // Served from the pre-serialised template, not only from the checked fallback.
    expect(stats.preSerialised).toBeGreaterThan(120);
    expect(stats.twins).toBeGreaterThan(3);
    expect(stats.endorsed).toBeGreaterThan(20);
  }, 240_000);

  it('equal the reference for 300 credentials of 12 structures, each template reused with other values', async () => {
    const stats = await compare(300, true);
    // Equal-value patterns (repeated tags, twin alignments) make further templates; most are still reused.
    expect(stats.templates).toBeLessThan(180);
    expect(stats.fast).toBe(300);
    expect(stats.preSerialised).toBeGreaterThan(250);
    expect(stats.twins).toBeGreaterThan(3);
  }, 240_000);

  it('never serves one document another document\'s values (values mixed across one template)', async () => {
    const cache = createJsonLdCache({ buildAfter: 1 });
    const base = generatedCredential(3, { issuer });
    for (let i = 0; i < 40; i++) {
      const doc = structuredClone(base) as any;
      doc.id = `https://badges.example.org/ob3/credentials/m${i}`;
      doc.name = i % 3 === 0 ? doc.credentialSubject.achievement.name : `Name "${i}"\n`;
      doc.credentialSubject.identifier[0].salt = i % 2 ? 'same' : `salt ${i}`;
      const fast = await cache.canonical(doc, documentLoader);
      expect(fast).toBe(await reference(doc, { documentLoader }));
    }
    expect(cache.stats().fast).toBeGreaterThan(30);
  });
});
