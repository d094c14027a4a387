import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import type { Session } from './ports.js';

/** The person's live sessions, newest first (their browsers and devices). */
export async function listMySessions(deps: Pick<Deps, 'store' | 'clock'>, input: { userId: string }): Promise<Session[]> {
  return deps.store.sessions.listForUser(input.userId, deps.clock.now().toISOString());
}

/** End one of the person's own sessions; another person's is simply not found. */
export async function endMySession(deps: Pick<Deps, 'store'>, input: { userId: string; sessionId: string }): Promise<void> {
  if (!(await deps.store.sessions.removeOfUser(input.userId, input.sessionId))) throw notFound('session');
}

/** End every session of the person but this one. */
export async function endMyOtherSessions(deps: Pick<Deps, 'store' | 'clock'>, input: { session: Session }): Promise<number> {
  const others = (await listMySessions(deps, { userId: input.session.userId })).filter((s) => s.id !== input.session.id);
  await deps.store.sessions.removeForUser(input.session.userId, input.session.id);
  return others.length;
}
