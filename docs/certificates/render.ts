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
import { LONG_NAME, SCRIPT_NAMES, sampleFacts, sampleLook } from '../../packages/server/src/adapters/pdf/certificate-samples.js';

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'laurel-examples-'));
type Example = [slug: string, name: string, size: 'a4' | 'letter', look?: 'portrait' | 'landscape'];
const examples: Example[] = [
  ...Object.entries(SCRIPT_NAMES).map(([k, v]): Example => [k, v, 'a4']),
  ['long-name', LONG_NAME, 'a4'],
  ['long-name-letter', LONG_NAME, 'letter'],
  ['branded-portrait-arabic', SCRIPT_NAMES.arabic, 'a4', 'portrait'],
  ['branded-landscape-long-name', LONG_NAME, 'letter', 'landscape'],
];
try {
  for (const [slug, name, size, look] of examples) {
    const facts = { ...(await sampleFacts(name)), look: look && (await sampleLook(look)) };
    const { bytes } = await renderCertificate(facts, { size, locale: 'en', createdAt: new Date('2026-03-01T00:00:00Z') });
    const pdf = join(work, `${slug}.pdf`);
    writeFileSync(pdf, bytes);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(here, slug)]);
    console.log(slug, bytes.length, 'bytes');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
