/** A plain-text table for the benchmark report. */
export interface Row {
  what: string;
  laurel: number;
  reference: number | undefined;
  note?: string;
}

const fmt = (n: number | undefined): string => (n === undefined ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(1));

export function printTable(title: string, rows: Row[]): void {
  const header = ['', 'Laurel /s', 'reference /s', 'Laurel ÷ ref', ''];
  const body = rows.map((r) => [r.what, fmt(r.laurel), fmt(r.reference), r.reference ? `${(r.laurel / r.reference).toFixed(2)}×` : '—', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}
