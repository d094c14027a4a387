/** One CSV cell: quoted when needed, and spreadsheet formulas defused (a leading = + - @ tab or CR gets a quote mark). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  const s = value === undefined || value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Lines of cells, CRLF-terminated as RFC 4180 has it. */
export function csvText(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
