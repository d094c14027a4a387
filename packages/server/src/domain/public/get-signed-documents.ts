import { buildOb2RevocationList, buildStatusListCredential, combineRevocationAndSuspension, publicJwkToPem, type JsonObject, type StatusListPurpose } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { DocumentFormat } from '../credentials/ports.js';
import { readSignedForm, type SignedFormDeps } from '../credentials/signed-forms.js';
import { AppError, notFound } from '../shared/errors.js';
import { isOwner } from '../public-pages/load-public-credential.js';
import type { IssuerSigningIdentity } from '../keys/ports.js';
import type { StatusList, StatusPurpose } from '../status/ports.js';

/**
 * A signed form of a public credential (OB 3.0 JSON-LD, VC-JWT or OB 2.0 JWS): stored, or made on this first
 * request (after the visibility check: a private credential's form is never made for a stranger).
 */
export async function getPublicCredentialDocument(deps: SignedFormDeps, input: { id: string; format: DocumentFormat; viewerUserId?: string | undefined }): Promise<string> {
  const credential = await deps.store.credentials.findPublic(input.id);
  if (!credential) throw notFound('credential');
  // Private credentials: only their earner gets them.
  if (credential.visibility !== 'public' && !(await isOwner(deps, credential, input.viewerUserId))) throw notFound('credential');
  return (await readSignedForm(deps, credential, input.format)).body;
}

/** What a published status list is made of: its bits and the keys that sign it. */
export interface StatusListSource {
  purpose: StatusListPurpose;
  bits: Uint8Array;
  /** When its bits last changed. */
  updatedAt: string;
  identity: IssuerSigningIdentity;
  keyId: string | undefined;
  /** The list credential's public URL (its `id`). */
  url: string;
  /** Changes whenever the signed document would: new bits or another signing key. */
  version: string;
}

/**
 * The issuer's status list for one purpose and who signs it. A did:web issuer has one list URL,
 * signed with its active key. A did:key issuer's DID changes with each key generation and a status
 * list must be issued by the credential's issuer, so each generation publishes the same bits under
 * its own URL (`keyId`), signed as that generation's did:key.
 *
 * `message` is the list Laurel's OB 3.0 credentials point at (one entry, two bits: revocation then
 * suspension, see core's status-message.ts), made from the stored revocation and suspension lists.
 * `vcApi` selects the lists of credentials issued through the VC-API (apart from Laurel's own).
 */
export async function loadStatusList(
  deps: Pick<Deps, 'store' | 'signingKeys' | 'urls'>,
  input: { issuerId: string; purpose: StatusListPurpose; keyId?: string | undefined; vcApi?: boolean | undefined },
): Promise<StatusListSource> {
  if (input.vcApi && input.purpose === 'message') throw notFound('status list');
  const lists = input.vcApi ? { get: deps.store.vcStatus.getList.bind(deps.store.vcStatus), url: deps.urls.vcStatusList } : { get: deps.store.statusLists.get.bind(deps.store.statusLists), url: deps.urls.statusList };
  const purposes: StatusPurpose[] = input.purpose === 'message' ? ['revocation', 'suspension'] : [input.purpose];
  const [issuer, ...found] = await Promise.all([deps.store.issuers.findPublic(input.issuerId), ...purposes.map((p) => lists.get(input.issuerId, p))]);
  const stored = found.filter((l): l is StatusList => l !== undefined);
  if (!issuer || stored.length !== purposes.length) throw notFound('status list');
  if (input.keyId !== undefined) {
    const key = issuer.identity === 'did:key' ? await deps.store.issuerKeys.findPublic(input.keyId) : undefined;
    if (!key || key.issuerId !== issuer.id || key.algorithm !== 'Ed25519') throw notFound('status list');
  }
  const identity = await deps.signingKeys.forIssuer(issuer, { ed25519KeyId: input.keyId });
  const bits = stored.length === 2 ? combineRevocationAndSuspension(stored[0]!.bits, stored[1]!.bits) : stored[0]!.bits;
  const updatedAt = stored.map((l) => l.updatedAt).sort().at(-1)!;
  return {
    purpose: input.purpose,
    bits,
    updatedAt,
    identity,
    keyId: input.keyId,
    url: lists.url(issuer.id, input.purpose, input.keyId),
    version: `${stored.map((l) => l.updatedAt).join('|')}/${identity.ed25519KeyId}`,
  };
}

/** The signed BitstringStatusListCredential (callers cache it by `source.version`). */
export async function signStatusList(deps: Pick<Deps, 'proofs' | 'documentLoader' | 'clock'>, source: StatusListSource): Promise<JsonObject> {
  const { identity } = source;
  const unsigned = buildStatusListCredential({ id: source.url, issuer: identity.issuerDid, purpose: source.purpose, bits: source.bits, validFrom: source.updatedAt });
  const signed = await deps.proofs.sign('eddsa-rdfc-2022', unsigned, { keys: identity.keys, documentLoader: deps.documentLoader, now: () => deps.clock.now() });
  if (signed.kind !== 'embedded') throw new AppError('invalid-state', 'unexpected proof form');
  return signed.document;
}

/** OB 2.0 CryptographicKey document of an RSA key (the `creator` of signed assertions). */
export async function getOb2CryptographicKey(deps: Pick<Deps, 'store' | 'urls'>, input: { keyId: string }): Promise<JsonObject> {
  const key = await deps.store.issuerKeys.findPublic(input.keyId);
  if (!key || key.algorithm !== 'RSA' || !key.publicKey.publicJwk) throw notFound('key');
  return {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'CryptographicKey',
    id: deps.urls.ob2CryptographicKey(key.id),
    owner: deps.urls.ob2Issuer(key.issuerId),
    publicKeyPem: await publicJwkToPem(key.publicKey.publicJwk as never),
    ...(key.retiredAt ? { revoked: key.retiredAt } : {}),
  };
}

/** The public JWK of an RSA key (what a VC-JWT `kid` URL resolves to). */
export async function getPublicJwk(deps: Pick<Deps, 'store'>, input: { keyId: string }): Promise<JsonObject> {
  const key = await deps.store.issuerKeys.findPublic(input.keyId);
  if (!key || key.algorithm !== 'RSA' || !key.publicKey.publicJwk) throw notFound('key');
  return { ...key.publicKey.publicJwk, kid: key.id, alg: 'RS256', use: 'sig' };
}

/** OB 2.0 RevocationList of an issuer: every revoked credential, with its reason. */
export async function getOb2RevocationList(deps: Pick<Deps, 'store' | 'urls'>, input: { issuerId: string }): Promise<JsonObject> {
  const issuer = await deps.store.issuers.findPublic(input.issuerId);
  if (!issuer) throw notFound('issuer');
  const revoked = await deps.store.credentials.listRevokedForIssuer(issuer.id);
  return buildOb2RevocationList({
    id: deps.urls.ob2RevocationList(issuer.id),
    issuer: deps.urls.ob2Issuer(issuer.id),
    revoked: revoked.map((c) => ({ id: deps.urls.ob2Assertion(c.id), revocationReason: c.revocationReason ?? undefined })),
  });
}
