import type { Deps } from '../deps.js';
import { PERMISSIONS, permissionsOf, type Principal } from '../auth/permissions.js';
import { createApiKey } from '../api-keys/create-api-key.js';
import type { ApiKey } from '../api-keys/ports.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import type { Repositories } from '../shared/store.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import { DEFAULT_SETTINGS, type Organisation, type User } from './ports.js';
import { checkPassword } from './password-policy.js';
import { factorsOf, hasSecondFactor } from '../mfa/factors.js';

export interface CreateOrganisationInput {
  name: string;
  owner: { email: string; password: string; name?: string | undefined };
  ip?: string | undefined;
  /** Runs inside the transaction before anything is written (e.g. "no owner exists yet"). */
  guard?: ((tx: Repositories) => Promise<void>) | undefined;
}

export interface CreateOrganisationResult {
  organisation: Organisation;
  user: User;
  apiKey: ApiKey;
  /** An all-scopes API key for the owner, shown once. */
  apiKeySecret: string;
}

/**
 * A new tenant with its owner (an existing account, if the email has one and the password is its own) and an
 * all-scopes key. Only first-run setup (the operator) and tests call this.
 */
export async function createOrganisation(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'stepUpSeconds'>,
  input: CreateOrganisationInput,
): Promise<CreateOrganisationResult> {
  const email = input.owner.email.trim().toLowerCase();
  const checks = new FieldChecks();
  checks.check(input.name.trim().length > 0, '/organisationName', 'must not be blank');
  checks.check(isEmail(email), '/email', 'must be an email address');
  checkPassword(checks, input.owner.password);
  checks.throwIfAny();

  const now = deps.clock.now().toISOString();
  const organisation: Organisation = { id: deps.ids.id(), name: input.name.trim(), settings: { ...DEFAULT_SETTINGS }, createdAt: now, updatedAt: now };
  const existing = await deps.store.users.findByEmail(email);
  if (existing && !(existing.passwordHash && (await deps.passwords.verify(existing.passwordHash, input.owner.password)))) {
    throw new AppError('unauthenticated', 'an account with this email exists; give its password to add an organisation to it');
  }
  // Its password alone must not open a session to an account that has a second factor.
  if (existing && hasSecondFactor(await factorsOf(deps.store, existing.id))) {
    throw new AppError('invalid-state', 'this account uses a second factor: sign in, or set up with another address');
  }
  const user: User = existing ?? {
    id: deps.ids.id(),
    email,
    name: input.owner.name?.trim() || null,
    passwordHash: await deps.passwords.hash(input.owner.password),
    locale: null,
    createdAt: now,
    updatedAt: now,
  };
  const owner: Principal = { kind: 'session', orgId: organisation.id, userId: user.id, role: 'owner', permissions: permissionsOf('owner'), factorAt: now };
  const actor = { principal: owner, ip: input.ip };
  await deps.store.transaction(async (tx) => {
    await input.guard?.(tx);
    await tx.organisations.insert(organisation);
    if (!existing) {
      await tx.users.insert(user);
      // The first owner's address counts as verified: whoever sets up a fresh server controls the
      // installation (and its database) already, so there is no one to protect from them.
      await tx.addresses.claim({ id: deps.ids.id(), userId: user.id, type: 'email', value: email, verifiedAt: now, createdAt: now });
    }
    await tx.memberships.insert({ orgId: organisation.id, userId: user.id, role: 'owner', createdAt: now });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), actor, 'organisation.create', { type: 'organisation', id: organisation.id }));
  });
  const { apiKey, secret } = await createApiKey(deps, { actor, name: 'Owner key (all scopes)', role: 'owner', scopes: [...PERMISSIONS] });
  return { organisation, user, apiKey, apiKeySecret: secret };
}
