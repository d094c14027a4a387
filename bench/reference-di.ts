/**
 * The reference Data Integrity sign loop the issue path is compared with (issue 18): `@digitalbazaar/vc` issue with
 * eddsa-rdfc-2022 and a WebCrypto Ed25519 key imported once, over OB 3.0 credentials built alike.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { buildControllerDocument, buildOpenBadgeCredential, createDocumentLoader, createEd25519Signer, generateEd25519KeyPair, type JsonObject } from '@laurel/core';
import { sampleAchievement, sampleAward, sampleIssuer } from '../packages/core/src/ob3/test-data.js';

const ISSUER_DID = 'did:web:bench.example:issuers:1';

/** The reference loop's i-th signature (`@digitalbazaar/vc` issue with eddsa-rdfc-2022, one key imported once). */
export async function referenceSigner(): Promise<(i: number) => Promise<unknown>> {
  const ed = await generateEd25519KeyPair();
  const documentLoader = createDocumentLoader({ extra: { [ISSUER_DID]: buildControllerDocument({ id: ISSUER_DID, multikeys: [{ id: `${ISSUER_DID}#ed-1`, publicKeyMultibase: ed.publicKeyMultibase }] }) } });
  const signer = await createEd25519Signer(ed, `${ISSUER_DID}#ed-1`);
  const ob3 = (n: number) => buildOpenBadgeCredential({
    issuer: sampleIssuer,
    achievement: sampleAchievement,
    award: { ...sampleAward, id: `cred-${n}`, narrative: `Completed attempt ${n}`, recipient: { ...sampleAward.recipient, identityHash: `sha256$${Math.abs(n).toString(16).padStart(64, '0')}`, salt: `salt-${n}` } },
    links: { credential: `https://bench.example/ob3/credentials/cred-${n}`, issuer: ISSUER_DID, achievement: 'https://bench.example/ob3/achievements/ach1' },
  }) as JsonObject;
  return (i) => vc.issue({ credential: ob3(i), suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date: new Date('2026-01-02T03:04:05Z') }), documentLoader });
}

