import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = fileURLToPath(new URL('../../packages/web/', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../../packages/web/dist/', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));
