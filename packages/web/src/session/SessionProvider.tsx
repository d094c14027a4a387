import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setCsrfToken, setMfaRequiredHandler, setUnauthenticatedHandler } from '../api/client';
import { isApiError } from '../api/problem';
import * as api from '../api/session';
import type { Session, SetupResult } from '../api/types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'setup' }
  | { status: 'signed-out'; justSignedOut: boolean }
  | { status: 'signed-in'; session: Session };

export interface SessionApi {
  state: SessionState;
  /** The all-scopes API key from first-run setup, held in memory until dismissed. */
  setupApiKey: string | null;
  dismissSetupApiKey: () => void;
  completeSetup: (result: SetupResult) => void;
  signedIn: (session: Session) => void;
  signOut: () => Promise<void>;
  retry: () => void;
  /** Read the session again (its second-factor state changes when factors are added or proven). */
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

async function discover(): Promise<SessionState> {
  const { needed } = await api.getSetupStatus();
  if (needed) return { status: 'setup' };
  try {
    return { status: 'signed-in', session: await api.getSession() };
  } catch (error) {
    if (isApiError(error) && error.status === 401) return { status: 'signed-out', justSignedOut: false };
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [setupApiKey, setSetupApiKey] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    discover().then(
      (next) => live && setState(next),
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(() => {
    setCsrfToken(state.status === 'signed-in' ? state.session.csrfToken : null);
  }, [state]);

  useEffect(() => {
    setUnauthenticatedHandler(() => setState({ status: 'signed-out', justSignedOut: false }));
    return () => setUnauthenticatedHandler(null);
  }, []);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', session });
  }, []);

  const completeSetup = useCallback(
    (result: SetupResult) => {
      setSetupApiKey(result.apiKey);
      signedIn(result.session);
    },
    [signedIn],
  );

  const signOut = useCallback(async () => {
    const { redirectUrl } = await api.signOut();
    if (redirectUrl) {
      window.location.assign(redirectUrl);
      return;
    }
    setSetupApiKey(null);
    setCsrfToken(null);
    setState({ status: 'signed-out', justSignedOut: true });
  }, []);

  const refresh = useCallback(async () => {
    const session = await api.getSession();
    setState({ status: 'signed-in', session });
  }, []);

  // The console answered mfa-required: read the session again (the app then shows the account page).
  useEffect(() => {
    setMfaRequiredHandler(() => void refresh().catch(() => undefined));
    return () => setMfaRequiredHandler(null);
  }, [refresh]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      setupApiKey,
      dismissSetupApiKey: () => setSetupApiKey(null),
      completeSetup,
      signedIn,
      signOut,
      refresh,
      retry: () => {
        setState({ status: 'loading' });
        setAttempt((n) => n + 1);
      },
    }),
    [state, setupApiKey, completeSetup, signedIn, signOut, refresh],
  );

  return <SessionContext value={value}>{children}</SessionContext>;
}
