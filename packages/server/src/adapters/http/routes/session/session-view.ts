import { Type } from 'typebox';
import { ROLES } from '../../../../domain/auth/permissions.js';
import type { SessionContext } from '../../../../domain/sessions/authenticate-session.js';
import { factorsOf, hasSecondFactor } from '../../../../domain/mfa/factors.js';
import { AppError } from '../../../../domain/shared/errors.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, Nullable, StringEnum } from '../../schemas/common.js';

export const MfaStateView = Type.Object({
  enrolled: Type.Boolean({ description: 'You have a second factor (an authenticator app or a passkey)' }),
  verified: Type.Boolean({ description: 'This session proved a second factor' }),
  required: Type.Boolean({ description: 'Your organisation requires a second factor and this session has not proven one: the console API answers mfa-required until it does' }),
  factorAt: Nullable(DateTime),
  stepUpSeconds: Type.Integer({ description: 'Sensitive actions need a factor proven within this many seconds (else step-up-required)' }),
});

export const SessionView = Type.Object(
  {
    user: Type.Object({ id: Type.String(), email: Type.String(), name: Nullable(Type.String()) }),
    organisationId: Nullable(Type.String()),
    role: Nullable(StringEnum(ROLES)),
    csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every POST/PATCH/DELETE made with the session cookie' }),
    mfa: MfaStateView,
  },
  { $id: 'Session' },
);

export const SecondFactorView = Type.Object({
  secondFactor: Type.Object({
    methods: Type.Array(StringEnum(['totp', 'passkey', 'recovery'] as const)),
    expiresAt: DateTime,
  }),
});

/** The signed-in person as `GET /session` shows them. */
export async function sessionView(deps: Pick<HttpDeps, 'store' | 'stepUpSeconds'>, context: SessionContext) {
  const { session, principal } = context;
  const [user, factors] = await Promise.all([deps.store.users.findById(session.userId), factorsOf(deps.store, session.userId)]);
  if (!user) throw new AppError('unauthenticated', 'not signed in');
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organisationId: principal?.orgId ?? null,
    role: principal?.role ?? null,
    csrfToken: session.csrfToken,
    mfa: { enrolled: hasSecondFactor(factors), verified: session.mfa, required: context.mfaRequired, factorAt: session.factorAt, stepUpSeconds: deps.stepUpSeconds },
  };
}
