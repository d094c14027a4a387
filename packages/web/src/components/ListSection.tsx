import type { ReactNode } from 'react';
import type { Loaded } from '../lib/useLoad';
import { LoadState } from './LoadState';
import { EmptyRow, Table } from './Table';

interface Props<T> {
  /** The list as loaded (`useLoad`): loading text, or its error with a retry, until it is there. */
  list: Loaded<{ items: T[] }>;
  /** Shown instead of the list's own error (another load the page needs failed). */
  error?: unknown;
  caption: string;
  /** The column headings, the last one usually the row's actions. */
  columns: string[];
  /** The row shown when the list is empty. */
  empty: string;
  /** One `<tr>` an item. */
  row: (item: T) => ReactNode;
}

/** A section with a loaded list as a captioned table: headed columns, a row an item, or a line saying there is none. */
export function ListSection<T>({ list, error, caption, columns, empty, row }: Props<T>) {
  return (
    <section className="section">
      <LoadState loading={list.loading && !list.data} error={error ?? list.error} retry={list.reload}>
        <Table caption={caption} captionHidden={false}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.data?.items.length === 0 && <EmptyRow colSpan={columns.length}>{empty}</EmptyRow>}
            {list.data?.items.map(row)}
          </tbody>
        </Table>
      </LoadState>
    </section>
  );
}
