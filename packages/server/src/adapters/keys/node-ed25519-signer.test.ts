import { generateKeyPairSync } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {
  buildOpenBadgeCredential,
  createDocumentLoader,
  createEd25519Signer,
  didKeyFromPublicKeyMultibase,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  signDataIntegrity,
  type JsonObject,
} from '@laurel/core';
import { describe, expect, it } from 'vitest';
import { sampleAchievement, sampleAward, sampleIssuer } from '../../../../core/src/ob3/test-data.js';
import { nodeEd25519Importer } from './node-ed25519-signer.js';

describe('node:crypto Ed25519 signer', () => {
  it('signs exactly as the WebCrypto default does, for many keys and messages', async () => {
    for (let k = 0; k < 8; k++) {
      const key = await generateEd25519KeyPair();
      const id = didKeyVerificationMethodId(key.publicKeyMultibase);
      const web = await createEd25519Signer(key, id);
      const node = await createEd25519Signer(key, id, { importKey: nodeEd25519Importer });
      expect({ id: node.id, algorithm: node.algorithm }).toEqual({ id: web.id, algorithm: web.algorithm });
      for (const length of [0, 1, 32, 64, 1000]) {
        const data = globalThis.crypto.getRandomValues(new Uint8Array(length));
        expect(Buffer.from(await node.sign({ data })).toString('hex')).toBe(Buffer.from(await web.sign({ data })).toString('hex'));
      }
    }
  });

  it('signs credentials the unmodified Digital Bazaar verifier accepts', async () => {
    const key = await generateEd25519KeyPair();
    const signer = await createEd25519Signer(key, didKeyVerificationMethodId(key.publicKeyMultibase), { importKey: nodeEd25519Importer });
    const documentLoader = createDocumentLoader();
    const links = { credential: 'https://b.example/ob3/credentials/n1', issuer: didKeyFromPublicKeyMultibase(key.publicKeyMultibase), achievement: 'https://b.example/ob3/achievements/a1' };
    for (let n = 0; n < 5; n++) {
      const credential = buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award: { ...sampleAward, narrative: `n ${n}` }, links }) as JsonObject;
      const signed = await signDataIntegrity(credential, { signer, documentLoader, now: () => new Date('2026-02-01T00:00:00Z') });
      const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader, now: new Date('2026-06-01T00:00:00Z') });
      expect(result.verified, JSON.stringify(result.error)).toBe(true);
    }
  });

  it('refuses a key that is not Ed25519 (an X25519 key in an OKP JWK)', async () => {
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' }) as { x: string; d: string };
    await expect(nodeEd25519Importer({ kty: 'OKP', crv: 'Ed25519', x: x25519.x, d: x25519.d.slice(0, 10) })).rejects.toThrow();
    await expect(nodeEd25519Importer({ kty: 'OKP', crv: 'X25519' as 'Ed25519', x: x25519.x, d: x25519.d })).rejects.toThrow(/not an Ed25519 key/);
  });
});
