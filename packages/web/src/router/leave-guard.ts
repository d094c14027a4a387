import { useEffect, useRef } from 'react';

/** Each returns the question to ask before leaving, or null when nothing would be lost. */
const guards = new Set<() => string | null>();

/** Ask every active guard (a native confirm dialog); false when the person chose to stay. */
export function confirmLeave(): boolean {
  for (const guard of guards) {
    const question = guard();
    if (question && !window.confirm(question)) return false;
  }
  return true;
}

/**
 * While `active`, leaving the page asks first: in-app navigation (`navigate`) through a confirm
 * dialog, closing or reloading the tab through the browser's own warning. `release()` lifts it at
 * once (before the next render), for a form that has just saved what the guard protected.
 */
export function useLeaveGuard(active: boolean, question: string): { release: () => void } {
  const state = useRef({ active, question });
  state.current = { active, question };
  useEffect(() => {
    const guard = () => (state.current.active ? state.current.question : null);
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!state.current.active) return;
      event.preventDefault();
      event.returnValue = '';
    };
    guards.add(guard);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      guards.delete(guard);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);
  return { release: () => void (state.current = { ...state.current, active: false }) };
}
