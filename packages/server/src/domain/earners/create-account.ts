import type { Deps } from '../deps.js';
import { checkPassword } from '../organisations/password-policy.js';
import type { User } from '../organisations/ports.js';
import { AppError } from '../shared/errors.js';
import { FieldChecks, isEmail } from '../shared/validation.js';

/** An earner's account (no organisation). The e-mail is verified when a claim link sent to it is used. */
export async function createAccount(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords'>, input: { email: string; password: string; name?: string | undefined }): Promise<User> {
  const email = input.email.trim().toLowerCase();
  const checks = new FieldChecks().check(isEmail(email), '/email', 'must be an email address');
  checkPassword(checks, input.password);
  checks.throwIfAny();
  if (await deps.store.users.findByEmail(email)) throw new AppError('conflict', 'an account with this e-mail exists; sign in instead');
  const now = deps.clock.now().toISOString();
  const user: User = { id: deps.ids.id(), email, name: input.name?.trim() || null, passwordHash: await deps.passwords.hash(input.password), locale: null, createdAt: now, updatedAt: now };
  await deps.store.users.insert(user);
  return user;
}
