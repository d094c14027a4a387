import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

/** A captioned table in a keyboard-scrollable region for narrow screens. */
export function Table({ caption, children, captionHidden = true }: { caption: string; children: ReactNode; captionHidden?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" role="region" aria-label={t('common.tableScroll', { caption })} tabIndex={0}>
      <table className="table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="table-empty">
        {children}
      </td>
    </tr>
  );
}

/** One column of a `DataTable`: its heading and the cell it gives each row. */
export interface Column<T> {
  /** The heading, a `<th scope="col">`. */
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell names its row: a `<th scope="row">` (styled `cell-primary` unless `className` says otherwise). */
  primary?: boolean;
  /** The class of the column's cells (`cell-actions`, `cell-break` …); on the primary column it replaces `cell-primary` ('' for none). */
  className?: string;
  /** The class of the heading (`num` for figures). */
  headerClassName?: string;
}

/** A column, or one not shown (`false`, `null` or `undefined`: `isAdmin && { … }`). */
export type ColumnSlot<T> = Column<T> | false | null | undefined;

interface DataTableProps<T> {
  caption: string;
  captionHidden?: boolean;
  /** The columns in order; an empty slot is a column not shown (to this role, for this issuer …). */
  columns: readonly ColumnSlot<T>[];
  /** The rows; `undefined` (not loaded yet) gives an empty body. */
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string | number;
  /** The line shown across all columns when there are no rows; without it, an empty body. */
  empty?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
}

/** A captioned table of rows: headed columns, the naming cell of each row a row header, or one line saying there are none. */
export function DataTable<T>({ caption, captionHidden, columns, rows, rowKey, empty, rowClassName }: DataTableProps<T>) {
  const shown = columns.filter((c): c is Column<T> => Boolean(c));
  return (
    <Table caption={caption} captionHidden={captionHidden}>
      <thead>
        <tr>
          {shown.map((column, i) => (
            <th key={i} scope="col" className={column.headerClassName}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows?.length === 0 && empty != null && empty !== false && <EmptyRow colSpan={shown.length}>{empty}</EmptyRow>}
        {rows?.map((row) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)}>
            {shown.map((column, i) =>
              column.primary ? (
                <th key={i} scope="row" className={(column.className ?? 'cell-primary') || undefined}>
                  {column.cell(row)}
                </th>
              ) : (
                <td key={i} className={column.className}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
