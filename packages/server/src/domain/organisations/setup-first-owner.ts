import type { Deps } from '../deps.js';
import { PERMISSIONS, permissionsOf, type Principal } from '../auth/permissions.js';
import { createApiKey } from '../api-keys/create-api-key.js';
import type { ApiKey } from '../api-keys/ports.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import { DEFAULT_SETTINGS, type Organisation, type User } from './ports.js';
import { checkPassword } from './password-policy.js';

export interface SetupFirstOwnerInput {
  organisationName: string;
  email: string;
  password: string;
  name?: string | undefined;
  ip?: string | undefined;
}

export interface SetupResult {
  organisation: Organisation;
  user: User;
  apiKey: ApiKey;
  /** The all-scopes API key, shown once. */
  apiKeySecret: string;
}

/** First run: the first organisation, its owner, and an all-scopes key. Refused once any owner exists. */
export async function setupFirstOwner(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords'>, input: SetupFirstOwnerInput): Promise<SetupResult> {
  const checks = new FieldChecks();
  checks.check(input.organisationName.trim().length > 0, '/organisationName', 'must not be blank');
  checks.check(isEmail(input.email.trim()), '/email', 'must be an email address');
  checkPassword(checks, input.password);
  checks.throwIfAny();
  if (await deps.store.organisations.hasAnyOwner()) throw new AppError('setup-already-done', 'Laurel is already set up; sign in instead');

  const now = deps.clock.now().toISOString();
  const organisation: Organisation = { id: deps.ids.id(), name: input.organisationName.trim(), settings: { ...DEFAULT_SETTINGS }, createdAt: now, updatedAt: now };
  const user: User = {
    id: deps.ids.id(),
    email: input.email.trim().toLowerCase(),
    name: input.name?.trim() || null,
    passwordHash: await deps.passwords.hash(input.password),
    locale: null,
    createdAt: now,
    updatedAt: now,
  };
  const owner: Principal = { kind: 'session', orgId: organisation.id, userId: user.id, role: 'owner', permissions: permissionsOf('owner') };
  const actor = { principal: owner, ip: input.ip };
  await deps.store.transaction(async (tx) => {
    if (await tx.organisations.hasAnyOwner()) throw new AppError('setup-already-done', 'Laurel is already set up; sign in instead');
    await tx.organisations.insert(organisation);
    await tx.users.insert(user);
    await tx.memberships.insert({ orgId: organisation.id, userId: user.id, role: 'owner', createdAt: now });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), actor, 'organisation.setup', { type: 'organisation', id: organisation.id }));
  });
  const { apiKey, secret } = await createApiKey(deps, { actor, name: 'Setup key (all scopes)', role: 'owner', scopes: [...PERMISSIONS] });
  return { organisation, user, apiKey, apiKeySecret: secret };
}
