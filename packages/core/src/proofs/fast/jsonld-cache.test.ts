import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { describe, expect, it } from 'vitest';
import { type JsonObject } from '../../contexts/index.js';
import { createDocumentLoader } from '../../loader/index.js';
import { buildOb2Assertion } from '../../ob2/index.js';
import { buildOpenBadgeCredential } from '../../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../../ob3/test-data.js';
import { BUNDLED_CONTEXTS } from '../../contexts/bundled.js';
import { OB3_CONTEXT } from '../../contexts/urls.js';
import { canonizeDataset, createJsonLdCache } from './jsonld-cache.js';
import { shapeOf, rebuild } from './shape.js';

const documentLoader = createDocumentLoader();
const reference = (eddsaRdfc2022 as unknown as { canonize(d: unknown, o: object): Promise<string> }).canonize;
const base = buildOpenBadgeCredential({
  issuer: sampleIssuer,
  achievement: sampleAchievement,
  award: sampleAward,
  links: sampleLinks('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'),
}) as JsonObject;

type Edit = (c: any) => void;
/** Values chosen to stress JSON-LD: escapes, unicode, equal values that merge nodes or dedupe, other IRI schemes, relative IRIs. */
const edits: Record<string, Edit> = {
  plain: () => undefined,
  'new id and dates': (c) => Object.assign(c, { id: 'https://badges.example.org/ob3/credentials/other', validFrom: '2027-03-04T05:06:07Z' }),
  'quotes, backslashes, newlines, unicode': (c) => (c.credentialSubject.achievement.description = 'He said "hi"\\n\n\ttab — ünïcødé 🎓 \u0000\u2028'),
  'empty strings': (c) => Object.assign(c.credentialSubject.achievement, { name: '', description: '' }),
  'equal literal values (deduplicated tags)': (c) => (c.credentialSubject.achievement.tag = ['same', 'same']),
  'name equal to description': (c) => (c.credentialSubject.achievement.description = c.credentialSubject.achievement.name),
  'evidence id equal to credential id (node merge)': (c) => (c.evidence[0].id = c.id),
  'evidence id equal to achievement id': (c) => (c.evidence[0].id = c.credentialSubject.achievement.id),
  'image id equal to criteria id': (c) => (c.credentialSubject.achievement.image.id = c.credentialSubject.achievement.criteria.id),
  'issuer url equal to issuer id': (c) => (c.issuer.url = c.issuer.id),
  'urn and did ids': (c) => Object.assign(c, { id: 'urn:uuid:2f1d1b7e-0000-4000-8000-000000000000' }) && (c.evidence[0].id = 'did:example:123'),
  'IRI-like literal': (c) => (c.credentialSubject.achievement.name = 'https://not-a-link.example/'),
  'keyword-like literal': (c) => (c.credentialSubject.achievement.name = '@id'),
  'blank node id': (c) => (c.evidence[0].id = '_:b0'),
  'relative evidence id': (c) => (c.evidence[0].id = 'evidence/1'),
  'IRI with space (not absolute)': (c) => (c.evidence[0].id = 'https://x.example/a b'),
  'compact IRI with a known prefix': (c) => (c.evidence[0].id = 'xsd:string'),
  'term name as a value': (c) => (c.credentialSubject.achievement.achievementType = 'Achievement'),
  'identity type from the extension form': (c) => (c.credentialSubject.identifier[0] ? (c.credentialSubject.identifier[0].identityType = 'ext:url') : undefined),
  'value equal to a constant IRI': (c) => (c.evidence[0].id = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'),
};

async function same(cache: ReturnType<typeof createJsonLdCache>, doc: unknown): Promise<'fast' | 'slow'> {
  const expected = await reference(doc, { documentLoader }).catch((e: unknown) => `error: ${String(e)}`);
  const quads = await cache.dataset(doc, documentLoader);
  if (!quads) return 'slow';
  expect(await canonizeDataset(quads)).toBe(expected);
  return 'fast';
}

describe('JSON-LD cache: canonical N-Quads identical to the reference eddsa-rdfc-2022 canonize', () => {
  it('for every variation of a credential, once its shape is known', async () => {
    const cache = createJsonLdCache();
    const paths: Record<string, string> = {};
    for (const [name, edit] of Object.entries(edits)) {
      for (let round = 0; round < 4; round++) {
        const doc = structuredClone(base) as any;
        edit(doc);
        doc.credentialSubject.identifier[0].salt = `salt-${round}`;
        doc.validUntil = `203${round}-01-01T00:00:00Z`;
        paths[name] = await same(cache, doc);
      }
    }
    expect(paths.plain).toBe('fast');
    expect(paths['quotes, backslashes, newlines, unicode']).toBe('fast');
    expect(paths['evidence id equal to credential id (node merge)']).toBe('fast');
    expect(cache.stats().fast).toBeGreaterThan(40);
  });

  it('with slot values of one shape mixed across documents (no value leaks from the template)', async () => {
    const cache = createJsonLdCache({ buildAfter: 1 });
    for (let i = 0; i < 30; i++) {
      const doc = structuredClone(base) as any;
      doc.id = `https://badges.example.org/ob3/credentials/${i}`;
      doc.credentialSubject.achievement.name = i % 3 === 0 ? doc.name : `Name ${i}`;
      doc.evidence[0].id = i % 4 === 0 ? doc.id : `https://e.example/${i}`;
      doc.credentialSubject.achievement.tag = i % 5 === 0 ? ['x', 'x'] : ['x', `t${i}`];
      await same(cache, doc);
    }
    expect(cache.stats().fast).toBeGreaterThan(15);
  });

  it('for OB 2.0 assertions and proof options', async () => {
    const cache = createJsonLdCache({ buildAfter: 1 });
    const links = {
      issuer: (id: string) => `https://b.example/ob2/issuers/${id}`,
      badge: (id: string) => `https://b.example/ob2/badges/${id}`,
      assertion: (id: string) => `https://b.example/ob2/assertions/${id}`,
      badgeImage: (id: string) => `https://b.example/ob2/badges/${id}/image`,
    };
    for (let i = 0; i < 5; i++) {
      const assertion = buildOb2Assertion({ ...sampleAward, id: `a${i}`, narrative: `n ${i}` }, links, { type: 'signed', creator: 'https://b.example/ob2/keys/k' });
      expect(await same(cache, assertion)).toBe('fast');
      const proof = { '@context': base['@context'], type: 'DataIntegrityProof', created: `2026-01-0${i + 1}T00:00:00Z`, verificationMethod: `did:web:b.example:issuers:${i}#key-${i}`, cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' };
      expect(await same(cache, proof)).toBe('fast');
    }
  });

  it('never makes a template for a document with undefined terms', async () => {
    const cache = createJsonLdCache({ buildAfter: 1 });
    for (let i = 0; i < 3; i++) expect(await cache.dataset({ ...base, favouriteColour: `blue ${i}` }, documentLoader)).toBeUndefined();
    expect(cache.stats().templates).toBe(0);
  });

  it('rebuild visits leaves in shapeOf order and keeps @context and types verbatim', () => {
    const shape = shapeOf(base);
    const values: string[] = [];
    const copy = rebuild(base, (i, v) => {
      values.push(v);
      expect(shape.leaves[i]!.value).toBe(v);
      return v;
    });
    expect(copy).toEqual(base);
    expect(values).toHaveLength(shape.leaves.length);
    expect(shape.key).toContain('"type":=["VerifiableCredential","OpenBadgeCredential"]');
  });

  it('serves a prepared document under another loader only while it gives the same contexts', async () => {
    const cache = createJsonLdCache({ buildAfter: 1 });
    const doc = structuredClone(base);
    expect(await cache.canonical(doc, documentLoader)).toBe(await reference(doc, { documentLoader }));
    const prepared = await cache.prepared(doc, documentLoader);
    expect(prepared).toBeDefined();
    expect(await prepared!.canonical(documentLoader)).toBe(await reference(doc, { documentLoader }));
    // A loader with the very same context objects (e.g. wrapped, as jsonld-signatures does) may use it too.
    expect(await prepared!.canonical(async (url) => documentLoader(url))).toBe(await reference(doc, { documentLoader }));
    // The same URL with another meaning for `narrative`: not from this template.
    const altered = structuredClone(BUNDLED_CONTEXTS.get(OB3_CONTEXT)) as any;
    altered['@context'].narrative = { '@id': 'https://attacker.example/narrative' };
    const other = createDocumentLoader({ extra: { [OB3_CONTEXT]: altered } });
    const otherReference = await reference(doc, { documentLoader: other });
    expect(otherReference).toContain('https://attacker.example/narrative');
    expect(await prepared!.canonical(other)).toBeUndefined();
  });
});
