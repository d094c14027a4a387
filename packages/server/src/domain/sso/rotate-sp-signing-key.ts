import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { spKeyAad, viewOf, type SsoConnectionView } from './manage-sso-connections.js';
import type { SsoConnection } from './ports.js';

/** The vault's associated data for the next SP key while it waits (apart from the key that signs). */
export const spNextKeyAad = (connectionId: string) => `${connectionId}:sp-signing-key:next`;

type RotateDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'stepUpSeconds' | 'sso'>;
export type SpKeyStep = 'prepare' | 'switch' | 'retire';

/** A certificate's fingerprint for the audit log (sha256 of the PEM's base64 body). */
const fingerprint = (certificate: string | null | undefined) => (certificate ? sha256Hex(certificate.replace(/-----[^-]+-----|\s+/g, '')).slice(0, 32) : null);

/**
 * Rotating a SAML connection's SP signing key, in three steps an admin takes (with a factor proven recently,
 * like other key operations), each in the organisation's audit log:
 * - `prepare`: a next key pair is made (sealed); the SP metadata publishes its certificate beside the current
 *   one, so the IdP can learn it before anything is signed with it;
 * - `switch`: requests are signed with the next key from now on; the old certificate stays published (as the
 *   previous one) and its private key is dropped;
 * - `retire`: the previous certificate leaves the metadata.
 */
export async function rotateSpSigningKey(deps: RotateDeps, input: { actor: Actor; id: string; step: SpKeyStep }): Promise<SsoConnectionView> {
  const { principal } = input.actor;
  requirePermission(principal, 'members:manage');
  requireStepUp(deps, principal);
  const existing = await deps.store.sso.findConnection(principal.orgId, input.id);
  if (!existing) throw notFound('identity provider');
  if (existing.protocol !== 'saml' || !existing.sealedSpSigningKey) throw new AppError('invalid-state', 'only a SAML connection that signs its requests has an SP key to rotate');
  const now = deps.clock.now();
  let changed: SsoConnection;
  if (input.step === 'prepare') {
    if (existing.sealedSpNextSigningKey) throw new AppError('conflict', 'a next key is already waiting: switch to it first');
    const made = await deps.sso.saml.newSigningKey(existing.id);
    changed = { ...existing, sealedSpNextSigningKey: deps.vault.seal(made.privateKey, spNextKeyAad(existing.id)), spNextCertificate: made.certificate };
  } else if (input.step === 'switch') {
    if (!existing.sealedSpNextSigningKey || !existing.spNextCertificate) throw new AppError('invalid-state', 'there is no next key to switch to: prepare one first');
    const next = deps.vault.open(existing.sealedSpNextSigningKey, spNextKeyAad(existing.id));
    changed = { ...existing, sealedSpSigningKey: deps.vault.seal(next, spKeyAad(existing.id)), spCertificate: existing.spNextCertificate, spPreviousCertificate: existing.spCertificate, sealedSpNextSigningKey: null, spNextCertificate: null };
  } else {
    if (!existing.spPreviousCertificate) throw new AppError('invalid-state', 'there is no previous certificate to retire');
    changed = { ...existing, spPreviousCertificate: null };
  }
  changed = { ...changed, updatedAt: now.toISOString() };
  await deps.store.transaction(async (tx) => {
    await tx.sso.updateConnection(changed);
    await tx.audit.record(
      auditEntry(deps.ids.id(), now, input.actor, `sso-connection.sp-key-${input.step}`, { type: 'sso-connection', id: existing.id }, { signing: fingerprint(changed.spCertificate), next: fingerprint(changed.spNextCertificate), previous: fingerprint(changed.spPreviousCertificate) }),
    );
  });
  return viewOf(changed);
}
