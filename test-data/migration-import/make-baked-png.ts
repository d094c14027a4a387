/**
 * Regenerates `guild-assertion-1001.png`: the OB 2.0 hosted assertion `assertion-1001.json` baked
 * (iTXt `openbadges`) into a plain 16×16 PNG drawn with pngjs. Run from the repository root:
 *   npx tsx --conditions source test-data/migration-import/make-baked-png.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { bakePng } from '@laurel/core';
import { PNG } from 'pngjs';

const dir = new URL('.', import.meta.url);
const assertion = readFileSync(new URL('assertion-1001.json', dir), 'utf8');
const png = new PNG({ width: 16, height: 16 });
for (let i = 0; i < png.data.length; i += 4) png.data.set([46, 125, 50, 255], i);
const baked = bakePng(new Uint8Array(PNG.sync.write(png)), { keyword: 'openbadges', text: JSON.stringify(JSON.parse(assertion)) });
writeFileSync(new URL('guild-assertion-1001.png', dir), baked);
