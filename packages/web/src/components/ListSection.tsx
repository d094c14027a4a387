import type { Loaded } from '../lib/useLoad';
import { LoadState } from './LoadState';
import { DataTable, type ColumnSlot } from './Table';

interface Props<T> {
  /** The list as loaded (`useLoad`): loading text, or its error with a retry, until it is there. */
  list: Loaded<{ items: T[] }>;
  /** Shown instead of the list's own error (another load the page needs failed). */
  error?: unknown;
  /** When the loading line shows; by default until the list has first loaded (pass `list.loading` to show it on every reload too). */
  loading?: boolean;
  caption: string;
  /** The columns, the last one usually the row's actions. */
  columns: readonly ColumnSlot<T>[];
  rowKey: (item: T) => string | number;
  /** The row shown when the list is empty. */
  empty: string;
}

/** A section with a loaded list as a captioned table: headed columns, a row an item, or a line saying there is none. */
export function ListSection<T>({ list, error, loading, caption, columns, rowKey, empty }: Props<T>) {
  return (
    <section className="section">
      <LoadState loading={loading ?? (list.loading && !list.data)} error={error ?? list.error} retry={list.reload}>
        <DataTable caption={caption} captionHidden={false} columns={columns} rows={list.data?.items} rowKey={rowKey} empty={empty} />
      </LoadState>
    </section>
  );
}
