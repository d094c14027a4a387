import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { DataTable, type Column, type ColumnSlot } from './Table';

interface Key {
  id: string;
  name: string;
  uses: number;
}

const render = (props: { columns: readonly ColumnSlot<Key>[]; rows: readonly Key[] | undefined; empty?: string | false; rowClassName?: (k: Key) => string | undefined }) =>
  renderToStaticMarkup(createElement(I18nProvider, { initial: 'en', children: createElement(DataTable<Key>, { caption: 'Keys', rowKey: (k) => k.id, ...props }) }));

const columns: Column<Key>[] = [
  { header: 'Name', primary: true, cell: (k) => k.name },
  { header: 'Uses', cell: (k) => k.uses },
  { header: 'Actions', className: 'cell-actions', cell: (k) => `revoke ${k.name}` },
];

describe('DataTable', () => {
  it('heads every column, and names each row by its primary cell', () => {
    const html = render({ columns, rows: [{ id: 'a', name: 'LMS', uses: 3 }, { id: 'b', name: 'CRM', uses: 0 }] });
    expect(html).toContain('<caption class="visually-hidden">Keys</caption>');
    expect(html.match(/<th scope="col">/g)).toHaveLength(3);
    expect(html).toContain('<tr><th scope="row" class="cell-primary">LMS</th><td>3</td><td class="cell-actions">revoke LMS</td></tr>');
    expect(html).toContain('<th scope="row" class="cell-primary">CRM</th>');
    expect(html).not.toContain('table-empty');
  });

  it('spans the empty line over the columns shown, not over hidden ones', () => {
    expect(render({ columns, rows: [], empty: 'No keys' })).toContain('<td colSpan="3" class="table-empty">No keys</td>');
    const withHidden = render({ columns: [...columns, false, undefined, null], rows: [], empty: 'No keys' });
    expect(withHidden).toContain('<td colSpan="3" class="table-empty">No keys</td>');
    expect(withHidden.match(/<th scope="col">/g)).toHaveLength(3);
  });

  it('shows no empty line while the rows are not loaded, or when none is given', () => {
    expect(render({ columns, rows: undefined, empty: 'No keys' })).not.toContain('table-empty');
    expect(render({ columns, rows: [], empty: false })).not.toContain('table-empty');
    expect(render({ columns, rows: [] })).toContain('<tbody></tbody>');
  });

  it('takes the primary cell class from the column, none when it says so', () => {
    const plain = render({ columns: [{ ...columns[0]!, className: '' }, columns[1]!], rows: [{ id: 'a', name: 'LMS', uses: 1 }] });
    expect(plain).toContain('<th scope="row">LMS</th>');
    const broken = render({ columns: [{ ...columns[0]!, className: 'cell-primary cell-break' }], rows: [{ id: 'a', name: 'LMS', uses: 1 }] });
    expect(broken).toContain('<th scope="row" class="cell-primary cell-break">LMS</th>');
  });

  it('renders the cells as text, never as markup', () => {
    const html = render({ columns, rows: [{ id: 'x', name: '<img src=x onerror=alert(1)>', uses: 0 }] });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('marks rows with the class the page gives them', () => {
    const html = render({ columns, rows: [{ id: 'a', name: 'LMS', uses: 0 }, { id: 'b', name: 'CRM', uses: 1 }], rowClassName: (k) => (k.uses === 0 ? 'row-invalid' : undefined) });
    expect(html).toContain('<tr class="row-invalid"><th scope="row" class="cell-primary">LMS</th>');
    expect(html).toContain('<tr><th scope="row" class="cell-primary">CRM</th>');
  });
});
