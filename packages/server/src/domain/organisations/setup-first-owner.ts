import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { createOrganisation, type CreateOrganisationResult } from './create-organisation.js';

export interface SetupFirstOwnerInput {
  organisationName: string;
  email: string;
  password: string;
  name?: string | undefined;
  ip?: string | undefined;
}

const alreadyDone = () => new AppError('setup-already-done', 'Laurel is already set up; sign in instead');

/** First run: the first organisation, its owner, and an all-scopes key. Refused once any owner exists. */
export async function setupFirstOwner(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'stepUpSeconds'>,
  input: SetupFirstOwnerInput,
): Promise<CreateOrganisationResult> {
  if (await deps.store.organisations.hasAnyOwner()) throw alreadyDone();
  return createOrganisation(deps, {
    name: input.organisationName,
    owner: { email: input.email, password: input.password, name: input.name },
    ip: input.ip,
    guard: async (tx) => {
      if (await tx.organisations.hasAnyOwner()) throw alreadyDone();
    },
  });
}
