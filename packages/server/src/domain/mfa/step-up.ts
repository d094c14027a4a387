import type { Deps } from '../deps.js';
import type { Principal } from '../auth/permissions.js';
import { AppError } from '../shared/errors.js';

/**
 * Sensitive actions need a factor proven recently in the session: its sign-in, or a step-up
 * (`POST /session/step-up`). Someone who finds a signed-in browser, or steals a session cookie, cannot
 * make API keys, change members or turn factors off without proving a factor again.
 */
export function assertRecentFactor(deps: Pick<Deps, 'clock' | 'stepUpSeconds'>, factorAt: string | null | undefined): void {
  const at = factorAt ? Date.parse(factorAt) : Number.NaN;
  if (!Number.isFinite(at) || at + deps.stepUpSeconds * 1000 < deps.clock.now().getTime()) {
    throw new AppError('step-up-required', `prove a factor again (your second factor, or your password if you have none) within ${Math.round(deps.stepUpSeconds / 60)} minutes of this action`);
  }
}

/** Step-up for an organisation action: sessions only (an API key is a credential of its own, kept by its holder). */
export function requireStepUp(deps: Pick<Deps, 'clock' | 'stepUpSeconds'>, principal: Principal): void {
  if (principal.kind === 'session') assertRecentFactor(deps, principal.factorAt);
}
