/**
 * A signing worker thread: holds imported issuer keys per generation and signs credentials with
 * the same code as the in-process signer (`signCredentialDocuments`). It opens nothing itself:
 * key material arrives by postMessage and stays in this thread's memory only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDocumentLoader, createProofRegistry } from '@laurel/core';
import { signCredentialDocuments } from '../../domain/credentials/sign-credential.js';
import type { IssuerKey, KeyVault, SigningKeysProvider } from '../../domain/keys/ports.js';
import { publicLinks } from '../links/public-links.js';
import { cachedSigningKeys } from '../keys/signing-keys.js';
import type { FromWorker, KeyGeneration, ToWorker, WorkerData, WorkerFailure } from './messages.js';

const port = parentPort!;
const urls = publicLinks((workerData as WorkerData).baseUrl);
const documentLoader = createDocumentLoader();
const proofs = createProofRegistry();
const generations = new Map<string, SigningKeysProvider>();

/** The material arrives already opened: this "vault" hands it through. */
const plaintextVault: KeyVault = {
  seal: () => {
    throw new Error('signing workers never seal keys');
  },
  open: (plaintext) => plaintext,
};

/** The in-process key cache over this generation's two keys, so identities are built by the same code. */
function providerFor(keys: KeyGeneration): SigningKeysProvider {
  const row = (id: string, algorithm: IssuerKey['algorithm'], publicKey: IssuerKey['publicKey'], secret: string): IssuerKey => ({
    id,
    algorithm,
    publicKey,
    sealedPrivateKey: secret,
    status: 'active',
    orgId: '',
    issuerId: '',
    createdAt: '',
    retiredAt: null,
  });
  const rows = [
    row(keys.ed25519.keyId, 'Ed25519', { publicKeyMultibase: keys.ed25519.publicKeyMultibase }, keys.ed25519.secretKeyMultibase),
    row(keys.rsa.keyId, 'RSA', {}, JSON.stringify(keys.rsa.privateJwk)),
  ];
  return cachedSigningKeys({ keys: { listForIssuer: async () => rows }, vault: plaintextVault, urls: { ...urls, didWeb: () => keys.issuerDid } });
}

function failure(error: unknown): WorkerFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}

async function sign(message: Extract<ToWorker, { type: 'sign' }>): Promise<FromWorker> {
  const signingKeys = generations.get(message.generation);
  if (!signingKeys) return { type: 'failed', id: message.id, error: { name: 'Error', message: `no keys for generation ${message.generation}` } };
  const now = new Date(message.now);
  const deps = { signingKeys, documentLoader, urls, proofs, clock: { now: () => now } };
  try {
    return { type: 'signed', id: message.id, documents: await signCredentialDocuments(deps, message.input) };
  } catch (error) {
    return { type: 'failed', id: message.id, error: failure(error) };
  }
}

/** A chunk of a bulk award: each credential in turn (one message in, one reply out); any failure fails the batch. */
async function signBatch(message: Extract<ToWorker, { type: 'sign-batch' }>): Promise<FromWorker> {
  const signingKeys = generations.get(message.generation);
  if (!signingKeys) return { type: 'failed', id: message.id, error: { name: 'Error', message: `no keys for generation ${message.generation}` } };
  const now = new Date(message.now);
  const deps = { signingKeys, documentLoader, urls, proofs, clock: { now: () => now } };
  const { issuer, achievement, endorsements, credentials } = message.input;
  try {
    const documents = [];
    for (const credential of credentials) documents.push(await signCredentialDocuments(deps, { issuer, achievement, credential, ...(endorsements?.length ? { endorsements } : {}) }));
    return { type: 'signed-batch', id: message.id, documents };
  } catch (error) {
    return { type: 'failed', id: message.id, error: failure(error) };
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'keys') generations.set(message.keys.generation, providerFor(message.keys));
  else if (message.type === 'forget') generations.delete(message.generation);
  else if (message.type === 'sign-batch') void signBatch(message).then((reply) => port.postMessage(reply));
  else void sign(message).then((reply) => port.postMessage(reply));
});
