import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { LoadError } from './LoadState';

interface PolledState<T> {
  current: T | null;
  error: unknown;
  retry: () => void;
}

/**
 * Load `key`'s state every `intervalMs` until `finished` says so; a transient failure keeps polling, slower,
 * and the fifth in a row is kept as the error (with a retry).
 */
function usePolled<T>(key: string, load: (signal: AbortSignal) => Promise<T>, finished: (value: T) => boolean, intervalMs: number): PolledState<T> {
  const [current, setCurrent] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  // The latest functions, without restarting the poll when a render makes new ones.
  const latest = useRef({ load, finished });
  latest.current = { load, finished };
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const next = await latest.current.load(abort.signal);
        failures = 0;
        setError(undefined);
        setCurrent(next);
        if (latest.current.finished(next)) return;
      } catch (e) {
        if (abort.signal.aborted) return;
        if (++failures >= 5) return setError(e);
      }
      timer = setTimeout(() => void poll(), intervalMs * (failures + 1));
    };
    void poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [key, attempt, intervalMs]);
  return { current, error, retry: () => setAttempt((n) => n + 1) };
}

interface Props<T> {
  /** What is polled (an import's id): a new one starts over. */
  id: string;
  load: (signal: AbortSignal) => Promise<T>;
  finished: (value: T) => boolean;
  intervalMs: number;
  /** The latest state, as it comes. */
  children: (current: T) => ReactNode;
}

/** A long job's state polled until it finishes: loading text, then each state as it comes, or the error with a retry. */
export function Polled<T>({ id, load, finished, intervalMs, children }: Props<T>) {
  const { t } = useI18n();
  const { current, error, retry } = usePolled(id, load, finished, intervalMs);
  if (error) return <LoadError error={error} retry={retry} />;
  if (current === null) {
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return <>{children(current)}</>;
}
