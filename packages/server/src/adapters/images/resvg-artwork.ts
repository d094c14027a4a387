import { createHash } from 'node:crypto';
import type { BadgeArtwork } from '../../domain/public-pages/ports.js';
import { AppError } from '../../domain/shared/errors.js';
import { defaultBadgeSvg } from '../../domain/images/badge/default-badge-svg.js';
import { imageWorkError } from '../isolation/app-errors.js';
import type { IsolatedPool } from '../isolation/isolated-pool.js';
import { taskModule } from '../isolation/messages.js';
import type { RenderResult } from './render-task.js';
import { externalReference } from './svg-references.js';

const TASK = { module: taskModule(import.meta.url, 'render-task'), fn: 'renderSvg' };

/**
 * Badge artwork with resvg: SVG -> PNG, the longer side fitted to the asked width (a 1 × 2000 SVG
 * once asked for a 512 × 1 024 000 raster), drawn in the isolated renderers behind the cost limits.
 * resvg reads an `href` naming a path from disk, so an SVG that names anything outside itself is refused
 * here and again by the renderer in its own process (`resvgRenderer`). Outcomes are memoised by content
 * hash in a bounded map, refusals too: the same hostile artwork is not drawn again on every request.
 */
export function resvgArtwork(options: { cacheEntries?: number; isolation?: IsolatedPool | undefined } = {}): BadgeArtwork {
  const limit = options.cacheEntries ?? 64;
  const cache = new Map<string, Uint8Array | AppError>();
  const remember = (key: string, value: Uint8Array | AppError): void => {
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  };
  const draw = async (svg: string, width: number, signal: AbortSignal | undefined): Promise<RenderResult> => {
    const pool = options.isolation;
    // In this process only without a pool (adapter tests): the renderers alone load resvg.
    if (!pool) return (await import('./render-task.js')).renderSvg(svg, width);
    try {
      return await pool.run<RenderResult>(TASK, [svg, width], { signal });
    } catch (error) {
      const appError = imageWorkError(error, pool);
      // Busy or withdrawn says nothing of the artwork: thrown, never remembered as its outcome.
      if (!(appError instanceof AppError) || appError.code === 'server-busy') throw appError;
      return { ok: false, reason: appError.message, tooComplex: true };
    }
  };
  return {
    defaultSvg: (name, kind) => defaultBadgeSvg(name, kind),
    async svgToPng(svg, width, { signal } = {}) {
      const key = createHash('sha256').update(svg).update(`\0${width}`).digest('base64url');
      const known = cache.get(key);
      if (known instanceof AppError) throw known;
      if (known) return known;
      // The port's contract is a sanitised SVG; resvg would read any other href from disk, so check it here too.
      const leftover = externalReference(svg);
      if (leftover) throw new Error(`refusing to render an SVG that is not self-contained (${leftover})`);
      const drawn = await draw(svg, width, signal);
      const outcome = drawn.ok ? drawn.value.png : new AppError(drawn.tooComplex ? 'image-too-complex' : 'invalid-state', drawn.tooComplex ? drawn.reason : `the artwork could not be drawn: ${drawn.reason}`);
      remember(key, outcome);
      if (outcome instanceof AppError) throw outcome;
      return outcome;
    },
  };
}
