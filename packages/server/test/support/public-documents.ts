import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import type { FastifyInstance } from 'fastify';
import { bitstringStatusCheck } from './bitstring-status.js';

/**
 * What an outside verifier reads of ours — public documents, did:web documents — fetched through inject
 * (no port, no network). `app` is read at each call, so a suite may make its app in `beforeAll`.
 */
export function publicDocuments(app: () => FastifyInstance) {
  /** A public URL of ours, as any verifier would fetch it; anything but 200 fails. */
  const fetchPublic = async (url: string, accept?: string) => {
    const res = await app().inject({ method: 'GET', url: new URL(url).pathname, headers: accept ? { accept } : {} });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return res;
  };
  /** did:web resolution per the did:web spec, over our published documents. */
  const resolveDidWeb = async (did: string): Promise<JsonObject | undefined> => {
    const [, , host, ...path] = did.split(':');
    return (await fetchPublic(`https://${decodeURIComponent(host!)}/${path.map(decodeURIComponent).join('/')}/did.json`)).json();
  };
  return { fetchPublic, resolveDidWeb, documentLoader: createDocumentLoader({ resolveDid: resolveDidWeb }) };
}

/**
 * Digital Bazaar's verification of an eddsa-rdfc-2022 credential over our public documents, with the
 * status check written from the BitstringStatusList spec (the list itself must verify too).
 */
export function digitalBazaarVerifier(docs: ReturnType<typeof publicDocuments>, now: () => Date = () => new Date()) {
  const { documentLoader } = docs;
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const checkStatus = bitstringStatusCheck({
    fetchList: async (url) => (await docs.fetchPublic(url)).json(),
    verifyList: (list) => vc.verifyCredential({ credential: list, suite: suite(), documentLoader, now: now() }),
  });
  /** Verifies the proof, and the status when the credential has one. */
  const verify = (credential: unknown) =>
    vc.verifyCredential({ credential, suite: suite(), documentLoader, now: now(), ...((credential as JsonObject).credentialStatus ? { checkStatus } : {}) });
  return { checkStatus, verify };
}
