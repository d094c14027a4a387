/**
 * Verify throughput of the embedded proof formats beyond eddsa-rdfc-2022: Laurel's verifyCredential
 * (full report: issuer key from the issuer's DID document, structure, validity) against
 * @digitalbazaar/vc verifyCredential with the same Digital Bazaar suite, on the same credentials,
 * each signed once beforehand by the reference library.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2018 } from '@digitalbazaar/ed25519-signature-2018';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { buildOpenBadgeCredential, createDocumentLoader, verifyCredential, type JsonObject, type VerifyOptions } from '@laurel/core';
import jsigs from 'jsonld-signatures';
import { sampleAchievement, sampleAward, sampleIssuer } from '../packages/core/src/ob3/test-data.js';
import { sequential } from './measure.js';
import type { Row } from './table.js';

const ISSUER = 'did:web:bench.example:issuers:formats';
const ED2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
const ED2018_CONTEXT = 'https://w3id.org/security/suites/ed25519-2018/v1';
const DATE = '2026-01-02T03:04:05Z';

type Signer = { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
const as = (signer: Signer, id: string): Signer => ({ id, algorithm: signer.algorithm, sign: (input) => signer.sign(input) });

function credential(n: number, extraContexts: string[]): JsonObject {
  const links = { credential: `https://bench.example/ob3/credentials/f-${n}`, issuer: ISSUER, achievement: 'https://bench.example/ob3/achievements/ach1' };
  const award = { ...sampleAward, id: `f-${n}`, narrative: `Completed attempt ${n}` };
  const built = buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award, links }) as JsonObject;
  return { ...built, '@context': [...(built['@context'] as string[]), ...extraContexts] };
}

interface Case {
  what: string;
  contexts?: string[];
  sign(document: JsonObject): Promise<JsonObject>;
  /** The reference suite that verifies it. */
  suite(): unknown;
}

export async function benchProofFormats(config: { iterations: number; warmup: number }): Promise<Row[]> {
  const ed = await Ed25519Multikey.generate({ controller: ISSUER });
  const p256 = await EcdsaMultikey.generate({ controller: ISSUER, curve: 'P-256' });
  const vms = [
    { id: `${ISSUER}#ed`, type: 'Multikey', controller: ISSUER, publicKeyMultibase: ed.publicKeyMultibase },
    // The same Ed25519 key as the 2018 suite reads it (its library wants a 2018/2020 key type in its context).
    { '@context': ED2020_CONTEXT, id: `${ISSUER}#ed-2020`, type: 'Ed25519VerificationKey2020', controller: ISSUER, publicKeyMultibase: ed.publicKeyMultibase },
    { id: `${ISSUER}#p256`, type: 'Multikey', controller: ISSUER, publicKeyMultibase: p256.publicKeyMultibase },
  ];
  const didDocument = { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: ISSUER, verificationMethod: vms, assertionMethod: vms.map((v) => v.id) };
  const documentLoader = createDocumentLoader({ extra: { [ISSUER]: didDocument } });
  const options: VerifyOptions = { documentLoader, now: () => new Date('2026-06-01T00:00:00Z') };
  const purpose = () => new jsigs.purposes.AssertionProofPurpose();
  const sign = (document: JsonObject, suite: unknown) => jsigs.sign(document, { suite, purpose: purpose(), documentLoader });
  const di = (cryptosuite: unknown, signer: Signer, vm: string) => (document: JsonObject) => sign(document, new DataIntegrityProof({ signer: as(signer, vm), cryptosuite, date: DATE }));

  const cases: Case[] = [
    { what: 'Ed25519Signature2020', contexts: [ED2020_CONTEXT], sign: (d) => sign(d, new Ed25519Signature2020({ signer: as(ed.signer(), `${ISSUER}#ed`), date: DATE })), suite: () => new Ed25519Signature2020() },
    { what: 'Ed25519Signature2018', contexts: [ED2018_CONTEXT], sign: (d) => sign(d, new Ed25519Signature2018({ signer: as(ed.signer(), `${ISSUER}#ed-2020`), date: DATE })), suite: () => new Ed25519Signature2018() },
    { what: 'eddsa-jcs-2022', sign: di(eddsaJcs2022.createSignCryptosuite(), ed.signer(), `${ISSUER}#ed`), suite: () => new DataIntegrityProof({ cryptosuite: eddsaJcs2022.createVerifyCryptosuite() }) },
    { what: 'ecdsa-rdfc-2019 (P-256)', sign: di(ecdsaRdfc2019, p256.signer(), `${ISSUER}#p256`), suite: () => new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 }) },
    { what: 'ecdsa-jcs-2019 (P-256)', sign: di(ecdsaJcs2019.createSignCryptosuite(), p256.signer(), `${ISSUER}#p256`), suite: () => new DataIntegrityProof({ cryptosuite: ecdsaJcs2019.createVerifyCryptosuite() }) },
    {
      what: 'ecdsa-sd-2023 (derived)',
      async sign(document) {
        const base = await sign(document, new DataIntegrityProof({ signer: as(p256.signer(), `${ISSUER}#p256`), cryptosuite: ecdsaSd2023.createSignCryptosuite({ mandatoryPointers: ['/issuer', '/validFrom', '/name'] }) }));
        const derive = (jsigs as unknown as { derive(d: unknown, o: unknown): Promise<JsonObject> }).derive;
        return derive(base, { suite: new DataIntegrityProof({ cryptosuite: ecdsaSd2023.createDiscloseCryptosuite({ selectivePointers: ['/credentialSubject'] }) }), purpose: purpose(), documentLoader });
      },
      suite: () => new DataIntegrityProof({ cryptosuite: ecdsaSd2023.createVerifyCryptosuite() }),
    },
  ];

  const rows: Row[] = [];
  const { iterations, warmup } = config;
  for (const c of cases) {
    const signed: JsonObject[] = [];
    for (let i = 0; i < iterations; i++) signed.push(await c.sign(credential(i, c.contexts ?? [])));
    const at = (i: number) => signed[Math.max(i, 0)]!;
    const reference = await sequential(iterations, warmup, async (i) => {
      const result = await vc.verifyCredential({ credential: at(i), suite: c.suite(), documentLoader, now: options.now() });
      if (!result.verified) throw new Error(`reference did not verify ${c.what}: ${JSON.stringify(result.error ?? result.results)}`);
    });
    const laurel = await sequential(iterations, warmup, async (i) => {
      const report = await verifyCredential(at(i), options);
      if (!report.valid) throw new Error(`Laurel did not verify ${c.what}: ${JSON.stringify(report.checks.filter((x) => !x.ok))}`);
    });
    rows.push({ what: `${c.what}: verify`, laurel: laurel.perSecond, reference: reference.perSecond, note: 'signed by the reference library' });
  }
  return rows;
}
