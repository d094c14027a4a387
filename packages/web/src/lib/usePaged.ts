import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/types';

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Replace one item in place (after an update such as a revocation). */
  replace: (item: T, same: (a: T, b: T) => boolean) => void;
}

/** Cursor pagination: the first page when `deps` change, then "load more" appends. */
export function usePaged<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, deps: readonly unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const load = useCallback(async (from: string | undefined, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetcher.current(from);
      if (mine !== generation.current) return;
      setItems((old) => (append ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(undefined, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass the inputs of fetchPage as deps
  }, [...deps, version, load]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== undefined,
    loadMore: () => void load(cursor, true),
    reload: () => setVersion((v) => v + 1),
    replace: (item, same) => setItems((old) => old.map((o) => (same(o, item) ? item : o))),
  };
}
