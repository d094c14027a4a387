/** A plain, readable badge for achievements without artwork. Issue #5 brings the full generator. */
const PALETTE: Record<string, [string, string]> = {
  badge: ['#2b6cb0', '#bee3f8'],
  certificate: ['#2f855a', '#c6f6d5'],
  certification: ['#975a16', '#fefcbf'],
};

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function defaultBadgeSvg(name: string, kind: string): string {
  const [dark, light] = PALETTE[kind] ?? PALETTE.badge!;
  const words = name.split(/\s+/);
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= 16) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.slice(0, 18));
  }
  const shown = lines.slice(0, 3);
  const text = shown
    .map((line, i) => `<text x="128" y="${136 + (i - (shown.length - 1) / 2) * 22}" text-anchor="middle" font-family="sans-serif" font-size="18" font-weight="600" fill="${dark}">${escapeXml(line)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-label="${escapeXml(name)}"><circle cx="128" cy="128" r="120" fill="${light}" stroke="${dark}" stroke-width="10"/><circle cx="128" cy="128" r="100" fill="none" stroke="${dark}" stroke-width="2" stroke-dasharray="4 6"/>${text}<text x="128" y="214" text-anchor="middle" font-family="sans-serif" font-size="13" fill="${dark}">${escapeXml(kind.toUpperCase())}</text></svg>`;
}
