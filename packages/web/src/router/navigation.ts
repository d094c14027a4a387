import { useSyncExternalStore } from 'react';
import { confirmLeave } from './leave-guard';

/** A tiny History-API router: the server answers every console path with index.html. */
const EVENT = 'laurel:navigate';

export interface AppLocation {
  pathname: string;
  search: string;
}

let cached: AppLocation = read();

function read(): AppLocation {
  return { pathname: window.location.pathname, search: window.location.search };
}

function subscribe(notify: () => void): () => void {
  const handler = () => {
    cached = read();
    notify();
  };
  window.addEventListener('popstate', handler);
  window.addEventListener(EVENT, handler);
  return () => {
    window.removeEventListener('popstate', handler);
    window.removeEventListener(EVENT, handler);
  };
}

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, () => cached);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = window.location.pathname + window.location.search;
  if (to === current) return;
  // Unsaved work on this page (a badge design): ask before leaving it.
  if (!confirmLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(EVENT));
}

export function useSearchParam(name: string): string | null {
  const { search } = useLocation();
  return new URLSearchParams(search).get(name);
}
