import { describe, expect, it } from 'vitest';
import { BUNDLED_CONTEXTS, DocumentLoaderError, OB3_CREDENTIAL_CONTEXTS } from '../contexts/index.js';
import { createDocumentLoader } from './index.js';

const KEY = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

describe('createDocumentLoader', () => {
  it('serves every context Laurel emits or reads from the bundle', async () => {
    const load = createDocumentLoader();
    const urls = [
      ...OB3_CREDENTIAL_CONTEXTS,
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
      'https://w3id.org/openbadges/v2',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
      // The VC 1.1 examples context of the CCG VC-API suites' credentials, and the ODRL context it imports.
      'https://www.w3.org/2018/credentials/examples/v1',
      'https://www.w3.org/ns/odrl.jsonld',
    ];
    for (const url of urls) {
      const { document, documentUrl } = await load(url);
      expect(documentUrl).toBe(url);
      expect(document).toHaveProperty('@context');
    }
    expect(BUNDLED_CONTEXTS.size).toBeGreaterThanOrEqual(urls.length);
  });

  it('bundles the VC 1.1 examples context as published: ODRL, then the example terms', () => {
    const context = BUNDLED_CONTEXTS.get('https://www.w3.org/2018/credentials/examples/v1')?.['@context'] as unknown[];
    expect(context.slice(0, 2)).toEqual([{ '@version': 1.1 }, 'https://www.w3.org/ns/odrl.jsonld']);
    expect(context[2]).toMatchObject({ ex: 'https://example.org/examples#', UniversityDegreeCredential: 'ex:UniversityDegreeCredential', degree: 'ex:degree', degreeType: 'ex:degreeType' });
  });

  it('resolves did:key documents and verification methods offline', async () => {
    const load = createDocumentLoader();
    const { document } = await load(`did:key:${KEY}`);
    expect(document).toMatchObject({ id: `did:key:${KEY}`, assertionMethod: [`did:key:${KEY}#${KEY}`] });
    const vm = (await load(`did:key:${KEY}#${KEY}`)).document;
    expect(vm).toMatchObject({ id: `did:key:${KEY}#${KEY}`, type: 'Multikey', controller: `did:key:${KEY}`, publicKeyMultibase: KEY });
    await expect(load('did:key:zQ3notAnEd25519Key')).rejects.toMatchObject({ code: 'invalid-did' });
    await expect(load(`did:key:${KEY}#other`)).rejects.toMatchObject({ code: 'fragment-not-found' });
  });

  it('delegates other DIDs to the injected resolver and finds fragments in extra documents', async () => {
    const did = 'did:web:badges.example.org';
    const doc = { '@context': ['https://www.w3.org/ns/did/v1'], id: did, verificationMethod: [{ id: '#k1', type: 'Multikey', controller: did, publicKeyMultibase: KEY }] };
    const load = createDocumentLoader({ resolveDid: async (d) => (d === did ? doc : undefined), extra: { 'https://issuer.example/keys': { id: 'https://issuer.example/keys', assertionMethod: [{ id: 'https://issuer.example/keys#1', publicKeyMultibase: KEY }] } } });
    expect((await load(`${did}#k1`)).document).toMatchObject({ id: `${did}#k1`, publicKeyMultibase: KEY, '@context': ['https://www.w3.org/ns/did/v1'] });
    expect((await load('https://issuer.example/keys#1')).document).toMatchObject({ publicKeyMultibase: KEY });
    await expect(load('did:web:other.example')).rejects.toMatchObject({ code: 'did-not-resolved' });
    await expect(load(`${did}#nope`)).rejects.toMatchObject({ code: 'fragment-not-found' });
  });

  it('refuses a resolved DID document that is for another DID (it vouches for nothing here)', async () => {
    const victim = 'did:web:victim.example';
    const forged = { id: 'did:web:evil.example', verificationMethod: [{ id: `${victim}#k1`, type: 'Multikey', controller: victim, publicKeyMultibase: KEY }], assertionMethod: [`${victim}#k1`] };
    const load = createDocumentLoader({ resolveDid: async () => forged });
    await expect(load(`${victim}#k1`)).rejects.toMatchObject({ code: 'did-not-resolved', message: expect.stringContaining('is for did:web:evil.example') });
    await expect(load(victim)).rejects.toMatchObject({ code: 'did-not-resolved' });
  });

  it('never fetches: unknown URLs are a typed error', async () => {
    const load = createDocumentLoader();
    const error = await load('https://example.com/issuers/876543').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentLoaderError);
    expect(error).toMatchObject({ code: 'unknown-document', url: 'https://example.com/issuers/876543' });
    await expect(load('did:web:example.com')).rejects.toMatchObject({ code: 'unknown-document' });
  });

  it('hands out copies of resolved documents', async () => {
    const load = createDocumentLoader();
    const first = (await load(`did:key:${KEY}`)).document as Record<string, unknown>;
    first.id = 'mutated';
    expect((await load(`did:key:${KEY}`)).document.id).toBe(`did:key:${KEY}`);
  });
});
