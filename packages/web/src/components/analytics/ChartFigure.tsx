import { useId, type ReactNode } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { DataTable as ColumnsTable } from '../Table';

export interface DataTable {
  columns: readonly string[];
  rows: readonly Row[];
}

type Row = readonly (string | number)[];

/**
 * A chart with its numbers: the picture is for the eye (an SVG named by the caption), the table behind
 * it (a <details> under the chart) is what screen readers and keyboard users read, and what the e2e
 * test checks. `csv` is the view's "Download CSV" link.
 */
export function ChartFigure({ title, table, csv, wide = false, children }: { title: string; table: DataTable; csv?: string; wide?: boolean; children: ReactNode }) {
  const { t, locale } = useI18n();
  const id = useId();
  const fmt = (v: string | number) => (typeof v === 'number' ? v.toLocaleString(locale) : v);
  return (
    <figure className={`card chart${wide ? ' chart-wide' : ''}`} aria-labelledby={id}>
      <figcaption id={id} className="chart-title">
        {title}
      </figcaption>
      {children}
      <details className="chart-data">
        <summary>{t('analytics.dataTable', { title })}</summary>
        <ColumnsTable
          caption={title}
          columns={table.columns.map((header, i) =>
            i === 0
              ? { header, primary: true, className: '', cell: (row: Row) => fmt(row[i]!) }
              : { header, headerClassName: 'num', className: 'num', cell: (row: Row) => fmt(row[i]!) },
          )}
          rows={table.rows}
          rowKey={(row) => String(row[0])}
        />
      </details>
      {csv && (
        <p className="chart-csv">
          <a href={csv} download>
            {t('analytics.csv')}
            <span className="visually-hidden"> ({title})</span>
          </a>
        </p>
      )}
    </figure>
  );
}
