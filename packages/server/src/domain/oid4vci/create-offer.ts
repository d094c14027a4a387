import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import type { Credential } from '../credentials/ports.js';
import { listBackpack } from '../earners/backpack.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry, type AuditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { preAuthorizedCodeOf } from './secrets.js';
import { TX_CODE_JOB } from './tx-code-job.js';

type OfferDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'walletOfferTtlSeconds'>;

/** A credential offer as its maker sees it: the link a wallet opens (or scans as a QR code). */
export interface WalletOfferView {
  /** `openid-credential-offer://?credential_offer_uri=…` */
  offerUri: string;
  credentialOfferUri: string;
  issuerId: string;
  credentialIds: string[];
  expiresAt: string;
  /** A tx_code is e-mailed and the wallet will ask for it. */
  txCode: boolean;
}

/** The most credentials one offer carries. */
export const MAX_OFFER_CREDENTIALS = 50;

interface NewOffer {
  credentials: Credential[];
  /** Where the tx_code goes; null: no tx_code. */
  txCodeTo: { email: string; locale: string } | null;
  createdBy: string;
  audit?: AuditEntry | undefined;
}

/** One offer per issuer: offers name one Credential Issuer. Within it, one award per achievement (the newest). */
function groupByIssuer(credentials: Credential[]): Credential[][] {
  const byIssuer = new Map<string, Map<string, Credential>>();
  for (const c of [...credentials].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn))) {
    const achievements = byIssuer.get(c.issuerId) ?? new Map<string, Credential>();
    if (!achievements.has(c.achievementId)) achievements.set(c.achievementId, c);
    byIssuer.set(c.issuerId, achievements);
  }
  return [...byIssuer.values()].map((m) => [...m.values()]);
}

async function insertOffer(deps: OfferDeps, offer: NewOffer): Promise<WalletOfferView> {
  const now = deps.clock.now();
  const [first] = offer.credentials;
  if (!first) throw new AppError('validation', 'name at least one credential');
  for (const c of offer.credentials) {
    const status = effectiveStatus(c, now);
    if (status === 'revoked' || status === 'suspended') throw new AppError('invalid-state', `credential ${c.id} is ${status}: it cannot go into a wallet`);
  }
  const token = deps.ids.token(32);
  const id = deps.ids.id();
  const expiresAt = new Date(now.getTime() + deps.walletOfferTtlSeconds * 1000).toISOString();
  const credentialIds = offer.credentials.map((c) => c.id);
  await deps.store.transaction(async (tx) => {
    await tx.walletOffers.insert({
      id,
      orgId: first.orgId,
      issuerId: first.issuerId,
      tokenHash: sha256Hex(token),
      codeHash: sha256Hex(preAuthorizedCodeOf(token)),
      credentialIds,
      txCodeRequired: offer.txCodeTo !== null,
      txCodeHash: null,
      txCodeAttempts: 0,
      createdBy: offer.createdBy,
      createdAt: now.toISOString(),
      expiresAt,
      redeemedAt: null,
    });
    if (offer.txCodeTo) await tx.jobs.enqueue({ name: TX_CODE_JOB, orgId: first.orgId, payload: { offerId: id, ...offer.txCodeTo } });
    if (offer.audit) await tx.audit.record({ ...offer.audit, details: { ...offer.audit.details, offerId: id, credentialIds } });
  });
  await deps.store.walletOffers.purgeExpired(now.toISOString(), new Date(now.getTime() - 7 * 24 * 3600_000).toISOString());
  const credentialOfferUri = deps.urls.walletOffer(token);
  return {
    offerUri: `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(credentialOfferUri)}`,
    credentialOfferUri,
    issuerId: first.issuerId,
    credentialIds,
    expiresAt,
    txCode: offer.txCodeTo !== null,
  };
}

async function localeOf(deps: Pick<Deps, 'store'>, orgId: string, preferred?: string | null): Promise<string> {
  if (preferred) return preferred;
  return (await deps.store.organisations.findById(orgId))?.settings.locale ?? 'en';
}

/** The earner offers credentials of their backpack to their wallet; the tx_code goes to their sign-in address. */
export async function offerFromBackpack(deps: OfferDeps, input: { userId: string; credentialIds: string[]; txCode: boolean }): Promise<WalletOfferView[]> {
  if (input.credentialIds.length === 0 || input.credentialIds.length > MAX_OFFER_CREDENTIALS) throw new AppError('validation', `name 1 to ${MAX_OFFER_CREDENTIALS} credentials`);
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  const backpack = new Map((await listBackpack(deps, { userId: input.userId })).map((e) => [e.credential.id, e.credential]));
  const chosen = [...new Set(input.credentialIds)].map((id) => {
    const credential = backpack.get(id);
    if (!credential) throw notFound('credential');
    return credential;
  });
  const offers: WalletOfferView[] = [];
  for (const group of groupByIssuer(chosen)) {
    const txCodeTo = input.txCode ? { email: user.email, locale: await localeOf(deps, group[0]!.orgId, user.locale) } : null;
    offers.push(await insertOffer(deps, { credentials: group, txCodeTo, createdBy: `user:${user.id}` }));
  }
  return offers;
}

/**
 * From the claim page: the claim link proves the mailbox the credential was sent to, as it does to claim
 * it, so it may also send the credential to a wallet (without an account). The link stays usable.
 */
export async function offerFromClaim(deps: OfferDeps, input: { token: string; txCode: boolean }): Promise<WalletOfferView> {
  const claim = await deps.store.claims.find(sha256Hex(input.token));
  if (!claim) throw new AppError('not-found', 'this claim link is not valid');
  if (claim.usedAt) throw new AppError('invalid-state', 'this claim link was already used: the credential is in the backpack, offer it from there');
  if (Date.parse(claim.expiresAt) <= deps.clock.now().getTime()) throw new AppError('invalid-state', 'this claim link has expired; ask the issuer to send it again');
  const credential = await deps.store.credentials.findById(claim.orgId, claim.credentialId);
  if (!credential) throw notFound('credential');
  const txCodeTo = input.txCode ? { email: claim.email, locale: await localeOf(deps, claim.orgId) } : null;
  return insertOffer(deps, { credentials: [credential], txCodeTo, createdBy: `claim:${credential.id}` });
}

/**
 * An integrator's offer (e.g. shown by their learning platform): credentials of one recipient in the
 * caller's organisation. The tx_code goes to the recipient's e-mail address.
 */
export async function offerFromApi(deps: OfferDeps, input: { actor: Actor; credentialIds: string[]; txCode: boolean }): Promise<WalletOfferView[]> {
  const { principal } = input.actor;
  if (input.credentialIds.length === 0 || input.credentialIds.length > MAX_OFFER_CREDENTIALS) throw new AppError('validation', `name 1 to ${MAX_OFFER_CREDENTIALS} credentials`);
  const credentials: Credential[] = [];
  for (const id of new Set(input.credentialIds)) {
    const credential = await deps.store.credentials.findById(principal.orgId, id);
    if (!credential) throw notFound('credential');
    credentials.push(credential);
  }
  requirePermission(principal, 'credentials:issue');
  const recipient = credentials[0]!.recipient;
  if (credentials.some((c) => c.recipient.type !== recipient.type || c.recipient.identity !== recipient.identity)) {
    throw new AppError('validation', 'an offer goes to one person: every credential must have the same recipient', { fields: [{ path: '/credentialIds', message: 'credentials of several recipients' }] });
  }
  if (input.txCode && recipient.type !== 'email') {
    throw new AppError('validation', 'a tx_code is e-mailed: the recipient has no e-mail address; set txCode to false', { fields: [{ path: '/txCode', message: 'the recipient has no e-mail address' }] });
  }
  const locale = await localeOf(deps, principal.orgId);
  const offers: WalletOfferView[] = [];
  for (const group of groupByIssuer(credentials)) {
    const audit = auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'credential.wallet-offer', { type: 'credential', id: group[0]!.id }, { txCode: input.txCode });
    offers.push(await insertOffer(deps, { credentials: group, txCodeTo: input.txCode ? { email: recipient.identity, locale } : null, createdBy: `api:${principal.apiKeyId ?? principal.userId ?? ''}`, audit }));
  }
  return offers;
}
