/**
 * Forged credentials, the attacker's view: the attacker serves their own DID document (on an HTTPS
 * host, as did:web implies) whose real keys claim `controller: <victim DID>`, and signs credentials
 * naming the victim as issuer with them (VC-JWT with jose, Data Integrity with Digital Bazaar's libraries).
 */
import { randomUUID } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, hashIdentity, OB3_CREDENTIAL_CONTEXTS, type JsonObject } from '@laurel/core';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { json, RECIPIENT } from './foreign-badges.js';
import type { HttpsHost } from './https-host.js';

export interface Attacker {
  did: string;
  rsaKid: string;
  edVm: string;
  rsaKey: CryptoKey;
  edSigner: ReturnType<Awaited<ReturnType<typeof Ed25519Multikey.from>>['signer']>;
}

/** The attacker's DID document on their own host: real keys, each claiming the victim as controller. */
export async function attackerOn(host: HttpsHost, victimDid: string, name = 'attacker'): Promise<Attacker> {
  const did = host.didWeb(name);
  const rsaKid = `${did}#forged-rsa`;
  const edVm = `${did}#forged-ed`;
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const generated = await Ed25519Multikey.generate();
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: edVm, controller: victimDid });
  const methods = [
    { id: rsaKid, type: 'JsonWebKey2020', controller: victimDid, publicKeyJwk: await exportJWK(publicKey) },
    { id: edVm, type: 'Multikey', controller: victimDid, publicKeyMultibase: generated.publicKeyMultibase },
  ];
  host.routes.set(
    `/${name}/did.json`,
    json({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: methods,
      assertionMethod: methods.map((m) => m.id),
    }),
  );
  return { did, rsaKid, edVm, rsaKey: privateKey, edSigner: keyPair.signer() };
}

export async function credentialFrom(issuer: { id: string; name: string }): Promise<JsonObject> {
  const salt = 'c0ffee00';
  return {
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Master Forger',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: await hashIdentity(RECIPIENT, salt), identityType: 'emailAddress', hashed: true, salt }],
      achievement: { id: 'https://forger.example/achievements/1', type: ['Achievement'], name: 'Master Forger', description: 'Signs as others', criteria: { narrative: 'Forge' } },
    },
  };
}

export async function vcJwt(credential: JsonObject, attacker: Attacker): Promise<string> {
  const issuer = (credential.issuer as { id: string }).id;
  const claims = { ...credential, iss: issuer, jti: credential.id, nbf: Date.parse(String(credential.validFrom)) / 1000 };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: attacker.rsaKid }).sign(attacker.rsaKey);
}

export async function dataIntegrity(credential: JsonObject, attacker: Attacker): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer: attacker.edSigner, cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential, suite, documentLoader: createDocumentLoader() });
}
