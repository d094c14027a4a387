import type { Checked, ImageProcessor, RasterImage, SanitisedSvg } from '../../domain/images/ports.js';
import { AppError } from '../../domain/shared/errors.js';
import { imageWorkError } from '../isolation/app-errors.js';
import type { IsolatedPool } from '../isolation/isolated-pool.js';
import { taskModule } from '../isolation/messages.js';
import { renderSvg, type RenderResult } from './render-task.js';
import { sanitiseSvg } from './sanitise-task.js';
import { normaliseWithSharp } from './sharp-raster.js';

/** The task modules of the image renderers (loaded when a renderer starts). */
export const IMAGE_TASKS = { render: taskModule(import.meta.url, 'render-task'), sanitise: taskModule(import.meta.url, 'sanitise-task') };

/** A refusal for cost is the `image-too-complex` problem; any other is the caller's to word. */
function checked(result: RenderResult): Checked<RasterImage> {
  if (!result.ok && result.tooComplex) throw new AppError('image-too-complex', result.reason);
  return result.ok ? result : { ok: false, reason: result.reason };
}

/**
 * The image port: sharp for raster images (libvips works off the event loop, with a deadline), and
 * SVG sanitised (DOMPurify on jsdom) and drawn (resvg) in the isolated renderers: off the event loop,
 * memory-capped, terminated past their deadline. Without a pool (adapter tests) the same code runs here.
 */
export function createImageProcessor(isolation?: IsolatedPool): ImageProcessor {
  const run = async <T>(module: string, fn: string, args: unknown[], here: () => T): Promise<T> => {
    if (!isolation) return here();
    try {
      return await isolation.run<T>({ module, fn }, args);
    } catch (error) {
      throw imageWorkError(error, isolation);
    }
  };
  return {
    normaliseRaster: (bytes, limits) => normaliseWithSharp(bytes, limits),
    sanitiseSvg: (text) => run<Checked<SanitisedSvg>>(IMAGE_TASKS.sanitise, 'sanitiseSvg', [text], () => sanitiseSvg(text)),
    renderSvg: async (svg, width) => checked(await run<RenderResult>(IMAGE_TASKS.render, 'renderSvg', [svg, width], () => renderSvg(svg, width))),
  };
}
