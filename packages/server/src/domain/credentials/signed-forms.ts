import type { JsonObject, TermsCheck } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { IssuerKey } from '../keys/ports.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Credential, CredentialDocument, DocumentFormat } from './ports.js';
import { ob2SignedAssertion } from './sign-credential.js';

export type SignedFormDeps = Pick<Deps, 'store' | 'signingKeys' | 'documentLoader' | 'urls' | 'clock' | 'proofs'>;

/** The forms made on first request, from the stored OB 3.0 credential (ob3 itself is made at issue). */
type LazyFormat = Exclude<DocumentFormat, 'ob3'>;

const unavailable = (why: string): AppError => new AppError('credential-form-unavailable', `this form of the credential cannot be made any more: ${why}`);

/**
 * The stored OB 3.0 document was written only by `signCredentialDocuments`, after `signDataIntegrity` refused
 * any term its contexts do not define; without its `proof` it is that checked document, byte for byte, so
 * the VC-JWT made of it does not run the JSON-LD check a second time.
 */
const checkedAtIssue: TermsCheck = async () => {};

/**
 * A credential's signed form: stored, or — a VC-JWT or an OB 2.0 signed assertion never asked for
 * before — made now from the stored credential and stored (once: the first write wins, every caller
 * gets the stored row). The caller has already decided the reader may see the credential.
 *
 * Made with the key generation that signed the OB 3.0 form at issue while its RSA key is not retired
 * (the same key makes the same bytes: RS256 and EdDSA are deterministic), else with the issuer's active
 * generation; a did:key issuer's VC-JWT always with the did:key it issued as (did:key keys are never
 * retired). Only keys of the credential's own issuer and organisation are considered. Once the
 * organisation is deleted nothing new is signed for it: a form never made is `credential-form-unavailable`.
 */
export async function readSignedForm(deps: SignedFormDeps, credential: Credential, format: DocumentFormat): Promise<CredentialDocument> {
  const stored = await deps.store.credentialDocuments.find(credential.id, format);
  if (stored) return stored;
  // Requests for the same missing form at once share one signature in this process (at most one per instance).
  const key = `${credential.id}/${format}`;
  let making = inFlight.get(key);
  if (!making) {
    making = makeAndStore(deps, credential, format).finally(() => inFlight.delete(key));
    inFlight.set(key, making);
  }
  return making;
}

/** The forms being made now, by credential id and format (an entry lives only while its form is signed and stored). */
const inFlight = new Map<string, Promise<CredentialDocument>>();

async function makeAndStore(deps: SignedFormDeps, credential: Credential, format: DocumentFormat): Promise<CredentialDocument> {
  const ob3 = format === 'ob3' ? undefined : await deps.store.credentialDocuments.find(credential.id, 'ob3');
  if (!ob3) throw notFound('credential document');
  const made = await makeForm(deps, credential, ob3, format as LazyFormat);
  if (await deps.store.credentialDocuments.insertIfAbsent(made)) return made;
  // A concurrent first request stored its form first: every caller answers with the stored one.
  return (await deps.store.credentialDocuments.find(credential.id, format)) ?? made;
}

/** The key generation (named by its Ed25519 key) the form is signed with, or undefined for the active one. */
function generationFor(keys: IssuerKey[], ob3KeyId: string | null, format: LazyFormat, identity: 'did:web' | 'did:key'): string | undefined {
  const ed = keys.find((k) => k.id === ob3KeyId && k.algorithm === 'Ed25519');
  if (!ed) {
    if (format === 'vc-jwt' && identity === 'did:key') throw unavailable('the key it was issued with is gone');
    return undefined;
  }
  if (format === 'vc-jwt' && identity === 'did:key') return ed.id;
  const rsa = keys.find((k) => k.algorithm === 'RSA' && k.createdAt === ed.createdAt);
  return rsa && rsa.status !== 'retired' ? ed.id : undefined;
}

async function makeForm(deps: SignedFormDeps, credential: Credential, ob3: CredentialDocument, format: LazyFormat): Promise<CredentialDocument> {
  const [deleted, issuer, issuerKeys] = await Promise.all([
    deps.store.organisationDeletion.isDeleted(credential.orgId),
    deps.store.issuers.findById(credential.orgId, credential.issuerId),
    deps.store.issuerKeys.listForIssuer(credential.issuerId),
  ]);
  if (deleted) throw unavailable('its organisation was deleted');
  if (!issuer) throw unavailable('its issuer is gone');
  const keys = issuerKeys.filter((k) => k.orgId === credential.orgId && k.issuerId === issuer.id);
  const generation = generationFor(keys, ob3.keyId, format, issuer.identity);
  if (generation === undefined && !keys.some((k) => k.algorithm === 'Ed25519' && k.status === 'active')) throw unavailable('its issuer has no active key');
  const identity = await deps.signingKeys.forIssuer(issuer, { ed25519KeyId: generation });
  const document = JSON.parse(ob3.body) as JsonObject;
  const context = { keys: identity.keys, documentLoader: deps.documentLoader, now: () => deps.clock.now() };
  const createdAt = deps.clock.now().toISOString();
  if (format === 'vc-jwt') {
    const { proof: _proof, ...unsigned } = document;
    const issuerId = typeof unsigned.issuer === 'string' ? unsigned.issuer : (unsigned.issuer as JsonObject | undefined)?.id;
    // The JWT's `iss` is the credential's issuer: it must be the DID the key signs as.
    if (issuerId !== identity.issuerDid) throw unavailable('its issuer no longer signs as the DID it was issued by');
    const signed = await deps.proofs.sign('vc-jwt', unsigned, { ...context, checkTerms: checkedAtIssue });
    return { credentialId: credential.id, format, body: body(signed), keyId: identity.vcJwtKeyId, createdAt };
  }
  const assertion = ob2SignedAssertion(deps, credential, deps.urls.ob2CryptographicKey(identity.rsaKeyId));
  const signed = await deps.proofs.sign('ob2-jws', assertion, context);
  return { credentialId: credential.id, format, body: body(signed), keyId: identity.rsaKeyId, createdAt };
}

function body(form: { kind: 'embedded'; document: JsonObject } | { kind: 'compact-jws'; jws: string }): string {
  if (form.kind !== 'compact-jws') throw new Error('a JWS suite gives a compact JWS');
  return form.jws;
}
