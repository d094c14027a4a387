import type { Deps } from '../deps.js';
import type { ImageLimits } from './ports.js';
import type { ImageProcessor } from './processor.js';

/** What the image use cases need (kept apart from ports.ts, which the store's types import: ports never import deps). */
export type ImagesDeps = Pick<Deps, 'store' | 'clock' | 'ids'> & { imaging: ImageProcessor; limits: ImageLimits };
