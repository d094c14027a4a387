import { useContext } from 'react';
import type { Session } from '../api/types';
import { SessionContext, type SessionApi } from './SessionProvider';

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session; only for pages rendered inside the console. */
export function useCurrentSession(): Session {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('not signed in');
  return state.session;
}
