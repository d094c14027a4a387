import { createHash } from 'node:crypto';
import { DEFAULT_IMAGE_LIMITS, type Checked, type ImageProcessor, type RasterImage, type SanitisedSvg } from '../../domain/images/ports.js';
import { AppError } from '../../domain/shared/errors.js';
import { imageWorkError } from '../isolation/app-errors.js';
import type { IsolatedPool } from '../isolation/isolated-pool.js';
import { taskModule } from '../isolation/messages.js';
import type { RenderResult } from './render-task.js';
import type { RasterReplacements } from './sanitise-task.js';
import { normaliseWithSharp, reencodeWithSharp } from './sharp-raster.js';
import type { SanitiserResult } from './svg-sanitiser.js';

/** The task modules of the image renderers (loaded when a renderer starts). */
export const IMAGE_TASKS = { render: taskModule(import.meta.url, 'render-task'), sanitise: taskModule(import.meta.url, 'sanitise-task') };

const toDataUri = (png: Uint8Array): string => `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;

/** A refusal for cost is the `image-too-complex` problem; any other is the caller's to word. */
function checked(result: RenderResult): Checked<RasterImage> {
  if (!result.ok && result.tooComplex) throw new AppError('image-too-complex', result.reason);
  return result.ok ? result : { ok: false, reason: result.reason };
}

/**
 * The image port. Raster images: sharp (libvips works off the event loop, header checked before any
 * pixel is decoded). SVG: sanitised (DOMPurify on jsdom, then the namespace-aware XML pass) and drawn
 * (resvg, behind the cost limits and the self-containment check) in the isolated image renderers: child
 * processes off the event loop, memory-capped, killed past their deadline. Sanitising makes two passes
 * when the SVG embeds raster images, each pass in a renderer, and sharp re-encodes those images in
 * between. Refusals for cost are remembered by content (bounded), so stored artwork that is checked
 * again on every render is not sanitised or drawn again. Without a pool (adapter tests, the CLI) the
 * same code runs in this process.
 */
export function createImageProcessor(isolation?: IsolatedPool, options: { refusalEntries?: number } = {}): ImageProcessor {
  const run = async <T>(module: string, fn: string, args: unknown[], here: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (!isolation) return here();
    try {
      return await isolation.run<T>({ module, fn }, args, { signal });
    } catch (error) {
      throw imageWorkError(error, isolation);
    }
  };
  // In this process only without a pool: the renderers alone load jsdom and resvg.
  const pass = (text: string, replacements: RasterReplacements | undefined, signal: AbortSignal | undefined) =>
    run<SanitiserResult>(IMAGE_TASKS.sanitise, 'sanitiseSvg', replacements ? [text, replacements] : [text], async () => (await import('./sanitise-task.js')).sanitiseSvg(text, replacements), signal);
  const draw = (svg: string, width: number, signal: AbortSignal | undefined) =>
    run<RenderResult>(IMAGE_TASKS.render, 'renderSvg', [svg, width], async () => (await import('./render-task.js')).renderSvg(svg, width), signal);

  const limit = options.refusalEntries ?? 256;
  const refusals = new Map<string, AppError>();
  const remembered = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const known = refusals.get(key);
    if (known) throw known;
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'image-too-complex') {
        if (refusals.size >= limit) refusals.delete(refusals.keys().next().value!);
        refusals.set(key, error);
      }
      throw error;
    }
  };
  const keyOf = (...parts: (string | number)[]): string => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(`${part}\0`);
    return hash.digest('base64url');
  };

  return {
    normaliseRaster: (bytes, limits) => normaliseWithSharp(bytes, limits),
    reencodeRaster: (bytes, limits) => reencodeWithSharp(bytes, limits),
    sanitiseSvg: (text, { signal } = {}) =>
      remembered(keyOf('sanitise', text), async (): Promise<Checked<SanitisedSvg>> => {
        const first = await pass(text, undefined, signal);
        if (!first.ok) return first;
        if (first.value.rasters.length === 0) return { ok: true, value: { svg: first.value.svg, removed: first.value.removed } };
        const replacements: [string, string | null][] = [];
        for (const uri of first.value.rasters) {
          const raster = await reencodeWithSharp(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64'), DEFAULT_IMAGE_LIMITS);
          replacements.push([uri, raster.ok ? toDataUri(raster.value.png) : null]);
        }
        const second = await pass(first.value.svg, replacements, signal);
        if (!second.ok) return second;
        return { ok: true, value: { svg: second.value.svg, removed: [...new Set([...first.value.removed, ...second.value.removed])] } };
      }),
    renderSvg: (svg, width, { signal } = {}) => remembered(keyOf('render', width, svg), async () => checked(await draw(svg, width, signal))),
  };
}
