/**
 * Renders the example certificates shown in docs/certificates.md (needs poppler-utils' pdftoppm):
 *   node --conditions=source --import tsx docs/certificates/render.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCertificate } from '../../packages/server/src/adapters/pdf/certificate-pdf.js';
import { LONG_NAME, SCRIPT_NAMES, sampleFacts } from '../../packages/server/src/adapters/pdf/certificate-samples.js';

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'laurel-examples-'));
const examples: Array<[string, string, 'a4' | 'letter']> = [...Object.entries(SCRIPT_NAMES).map(([k, v]) => [k, v, 'a4'] as [string, string, 'a4']), ['long-name', LONG_NAME, 'a4'], ['long-name-letter', LONG_NAME, 'letter']];
try {
  for (const [slug, name, size] of examples) {
    const { bytes } = await renderCertificate(await sampleFacts(name), { size, locale: 'en', createdAt: new Date('2026-03-01T00:00:00Z') });
    const pdf = join(work, `${slug}.pdf`);
    writeFileSync(pdf, bytes);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(here, slug)]);
    console.log(slug, bytes.length, 'bytes');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
