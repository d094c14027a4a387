import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Issuer } from '../issuers/ports.js';
import type { IssuerKey } from './ports.js';
import { generateIssuerKeys } from './provision-issuer-keys.js';
import { requireStepUp } from '../mfa/step-up.js';

/** A new active key generation; the previous keys stay published so what they signed still verifies. */
export async function rotateIssuerKeys(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'signingKeys' | 'stepUpSeconds'>,
  input: { actor: Actor; issuerId: string },
): Promise<{ issuer: Issuer; keys: IssuerKey[] }> {
  const { principal } = input.actor;
  const issuer = await deps.store.issuers.findById(principal.orgId, input.issuerId);
  if (!issuer) throw notFound('issuer');
  requirePermission(principal, 'issuers:write');
  requireIssuer(principal, issuer.id);
  requireStepUp(deps, principal);
  const fresh = await generateIssuerKeys(deps, { orgId: principal.orgId, issuerId: issuer.id });
  await deps.store.transaction(async (tx) => {
    for (const key of await tx.issuerKeys.listForIssuer(issuer.id)) {
      if (key.status === 'active') await tx.issuerKeys.setStatus(principal.orgId, key.id, 'previous', null);
    }
    for (const key of fresh) await tx.issuerKeys.insert(key);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'issuer.keys.rotate', { type: 'issuer', id: issuer.id }, { keys: fresh.map((k) => k.id) }));
  });
  deps.signingKeys.forget(issuer.id);
  return { issuer, keys: fresh };
}

/**
 * Retire a non-active key from a date on: signatures made after it no longer count. A did:key
 * cannot say it is retired (its DID document is the key itself), so did:key issuers cannot retire
 * keys: they revoke what a compromised key signed and issue again.
 */
export async function retireIssuerKey(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>,
  input: { actor: Actor; issuerId: string; keyId: string; retiredAt?: string | undefined },
): Promise<{ issuer: Issuer; key: IssuerKey }> {
  const { principal } = input.actor;
  const issuer = await deps.store.issuers.findById(principal.orgId, input.issuerId);
  if (!issuer) throw notFound('issuer');
  const key = (await deps.store.issuerKeys.listForIssuer(issuer.id)).find((k) => k.id === input.keyId);
  if (!key) throw notFound('key');
  requirePermission(principal, 'issuers:write');
  requireIssuer(principal, issuer.id);
  requireStepUp(deps, principal);
  if (key.status === 'active') throw new AppError('invalid-state', 'rotate the keys first: the active key cannot be retired');
  if (issuer.identity === 'did:key') {
    throw new AppError('invalid-state', 'a did:key cannot be marked retired, so verifiers would keep trusting it: revoke the credentials it signed and issue them again');
  }
  const retiredAt = input.retiredAt ? new Date(input.retiredAt).toISOString() : deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.issuerKeys.setStatus(principal.orgId, key.id, 'retired', retiredAt);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'issuer.keys.retire', { type: 'issuer', id: issuer.id }, { keyId: key.id, retiredAt }));
  });
  return { issuer, key: { ...key, status: 'retired', retiredAt } };
}

export async function listIssuerKeys(deps: Pick<Deps, 'store'>, input: { actor: Actor; issuerId: string }): Promise<{ issuer: Issuer; keys: IssuerKey[] }> {
  const issuer = await deps.store.issuers.findById(input.actor.principal.orgId, input.issuerId);
  if (!issuer) throw notFound('issuer');
  requirePermission(input.actor.principal, 'issuers:read');
  return { issuer, keys: await deps.store.issuerKeys.listForIssuer(issuer.id) };
}
