import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artworkOf } from '../../domain/public-pages/badge-artwork.js';
import { createUntrustedWork } from '../isolation/untrusted-work.js';
import { createImageProcessor } from './image-processor.js';
import { resvgArtwork } from './resvg-artwork.js';
import { resvgRenderer } from './resvg-render.js';

/** A colour no test artwork uses: any pixel of it in a render came from the local file. */
const MARK = { r: 13, g: 242, b: 97 };
let secretPng: string;
let markPng: Buffer;

beforeAll(async () => {
  markPng = await sharp({ create: { width: 16, height: 16, channels: 4, background: { ...MARK, alpha: 1 } } }).png().toBuffer();
  secretPng = join(mkdtempSync(join(tmpdir(), 'laurel-secret-')), 'secret.png');
  writeFileSync(secretPng, markPng);
});

function marked(png: Uint8Array): number {
  const { data } = PNG.sync.read(Buffer.from(png));
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - MARK.r) < 8 && Math.abs(data[i + 1]! - MARK.g) < 8 && Math.abs(data[i + 2]! - MARK.b) < 8 && data[i + 3]! > 0) n++;
  return n;
}

const hostile = (path: string) => [
  `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><image href="${path}" width="16" height="16"/></svg>`,
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:foo="http://www.w3.org/1999/xlink" width="16" height="16"><image foo:href="${path}" width="16" height="16"/></svg>`,
  `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><filter id="f" x="0" y="0" width="1" height="1"><feImage href="${path}"/></filter><rect width="16" height="16" filter="url(#f)"/></svg>`,
  `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><image href="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><image href="${path}" width="16" height="16"/></svg>`).toString('base64')}" width="16" height="16"/></svg>`,
];

describe('the renderer reads no file', () => {
  it('resvg itself would draw a local file named by an href (why its input is checked)', async () => {
    const { Resvg } = await import('@resvg/resvg-js');
    const png = new Resvg(hostile(secretPng)[1]!, { font: { loadSystemFonts: false } }).render().asPng();
    expect(marked(png)).toBeGreaterThan(0);
  });

  it('resvgRenderer and resvgArtwork refuse an SVG that names anything outside itself', async () => {
    const render = resvgRenderer();
    const artwork = resvgArtwork();
    for (const svg of hostile(secretPng)) {
      const result = render(svg, 64);
      expect(result.ok, svg).toBe(false);
      await expect(artwork.svgToPng(svg, 64)).rejects.toThrow(/not self-contained/);
    }
  });

  it('artworkOf never lets a data: SVG draw a local file, in any namespace or nesting', async () => {
    const deps = { imaging: createImageProcessor(), artwork: resvgArtwork() };
    for (const svg of hostile(secretPng)) {
      for (const image of [`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, `data:image/svg+xml,${encodeURIComponent(svg)}`]) {
        const art = await artworkOf(deps, { name: 'N', kind: 'badge', image });
        const png = art.format === 'png' ? art.bytes : await deps.artwork.svgToPng(art.text, 64);
        expect(marked(png), svg).toBe(0);
        if (art.format === 'svg') expect(art.text).not.toContain(secretPng);
      }
    }
  });

  it('keeps embedded raster images, re-encoded by sharp; drops ones that do not decode', async () => {
    const imaging = createImageProcessor();
    const embedded = `data:image/png;base64,${markPng.toString('base64')}`;
    const withPixel = await imaging.sanitiseSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><image href="${embedded}" width="16" height="16"/></svg>`);
    expect(withPixel.ok).toBe(true);
    if (!withPixel.ok) return;
    expect(withPixel.value.svg).toMatch(/href="data:image\/png;base64,/);
    const rendered = await imaging.renderSvg(withPixel.value.svg, 16);
    expect(rendered.ok && marked(rendered.value.png)).toBeGreaterThan(0);

    const broken = await imaging.sanitiseSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><image href="data:image/png;base64,iVBORw0KGgo=" width="16" height="16"/></svg>`);
    expect(broken.ok && broken.value.svg).not.toContain('iVBORw0KGgo');
    expect(broken.ok && broken.value.removed.join()).toContain('not a valid PNG');
  });
});

describe('the renderer reads no file in the isolated image renderers either', () => {
  const untrusted = createUntrustedWork();
  afterAll(() => untrusted.close());

  it('the renderer process itself refuses an SVG that names anything outside itself (no check before it is sent)', async () => {
    const imaging = createImageProcessor(untrusted.images);
    for (const svg of hostile(secretPng)) {
      const result = await imaging.renderSvg(svg, 64);
      expect(result.ok, svg).toBe(false);
      expect(!result.ok && result.reason, svg).toMatch(/not self-contained/);
    }
  });

  it('artworkOf through the renderers: sanitised in two passes (embedded rasters re-encoded), never a pixel of the local file', async () => {
    const deps = { imaging: createImageProcessor(untrusted.images), artwork: resvgArtwork({ isolation: untrusted.images }) };
    for (const svg of hostile(secretPng)) {
      const art = await artworkOf(deps, { name: 'N', kind: 'badge', image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` });
      const png = art.format === 'png' ? art.bytes : await deps.artwork.svgToPng(art.text, 64);
      expect(marked(png), svg).toBe(0);
      if (art.format === 'svg') expect(art.text).not.toContain(secretPng);
    }
    const embedded = `data:image/png;base64,${markPng.toString('base64')}`;
    const sanitised = await deps.imaging.sanitiseSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><image href="${embedded}" width="16" height="16"/><image href="data:image/png;base64,iVBORw0KGgo=" width="16" height="16"/></svg>`);
    expect(sanitised.ok).toBe(true);
    if (!sanitised.ok) return;
    expect(sanitised.value.svg).not.toContain(embedded);
    expect(sanitised.value.svg).not.toContain('iVBORw0KGgo=');
    expect(sanitised.value.removed.join()).toContain('not a valid PNG');
    const rendered = await deps.imaging.renderSvg(sanitised.value.svg, 16);
    expect(rendered.ok && marked(rendered.value.png)).toBeGreaterThan(0);
    expect(untrusted.images.stats().runners).toBeGreaterThan(0);
  });
});

describe('artworkOf', () => {
  const deps = () => ({ imaging: createImageProcessor(), artwork: resvgArtwork() });

  it('uses the default for no image, remote images and data URIs that are not what they claim', async () => {
    const d = deps();
    for (const image of [null, 'https://cdn.example/a.png', 'data:image/png;base64,bm90IGEgcG5n', 'data:image/svg+xml,not svg', 'data:image/jpeg;base64,/9j/', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect></svg>']) {
      expect(await artworkOf(d, { name: 'N', kind: 'badge', image }), String(image)).toEqual({ format: 'svg', text: d.artwork.defaultSvg('N', 'badge') });
    }
  });

  it('decodes inline PNG (re-encoded, same pixels) and SVG (base64 or percent-encoded, sanitised)', async () => {
    const d = deps();
    const png = await artworkOf(d, { name: 'N', kind: 'badge', image: `data:image/png;base64,${markPng.toString('base64')}` });
    expect(png.format).toBe('png');
    if (png.format === 'png') expect(Buffer.compare(PNG.sync.read(Buffer.from(png.bytes)).data, PNG.sync.read(markPng).data)).toBe(0);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4"/></svg>';
    for (const image of [`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`]) {
      const art = await artworkOf(d, { name: 'N', kind: 'badge', image });
      expect(art).toEqual({ format: 'svg', text: svg });
    }
    const script = await artworkOf(d, { name: 'N', kind: 'badge', image: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" onload="alert(1)"><script>alert(2)</script><circle r="4"/></svg>')}` });
    expect(script.format === 'svg' && script.text).toBe(svg);
  });
});
