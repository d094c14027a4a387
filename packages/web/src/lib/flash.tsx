import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { navigate } from '../router/navigation';

/** A one-time confirmation shown on the page the user lands on ("Issuer created."). */
interface Flash {
  message: string;
  path: string;
  id: number;
}

interface FlashApi {
  flash: Flash | null;
  /** Show `message` on `path` (navigating there), or on the current page. */
  show: (message: string, path?: string) => void;
  clear: () => void;
}

const FlashContext = createContext<FlashApi | null>(null);

export function FlashProvider({ children }: { children: ReactNode }) {
  const [flash, setFlash] = useState<Flash | null>(null);
  const show = useCallback((message: string, path?: string) => {
    const target = path ?? window.location.pathname;
    setFlash({ message, path: target.split('?')[0]!, id: Date.now() });
    if (path) navigate(path);
  }, []);
  const clear = useCallback(() => setFlash(null), []);
  const value = useMemo(() => ({ flash, show, clear }), [flash, show, clear]);
  return <FlashContext value={value}>{children}</FlashContext>;
}

export function useFlash(): FlashApi {
  const value = useContext(FlashContext);
  if (!value) throw new Error('useFlash must be used inside <FlashProvider>');
  return value;
}
