import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, WEB_DIR, WEB_DIST } from './paths.js';

/** Newest modification time among the web app's sources. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else if (!path.endsWith('.test.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['src', 'index.html', 'vite.config.ts']) {
    const path = join(WEB_DIR, entry);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

export function webDistIsFresh(): boolean {
  const index = join(WEB_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
}

/**
 * `npm test` builds the web app before vitest runs; this covers running the e2e suite alone.
 * The build runs under flock so parallel test files never build over each other.
 */
export function ensureWebBuilt(): void {
  if (webDistIsFresh()) return;
  execFileSync('flock', ['/tmp/laurel-web-build.lock', 'npm', 'run', 'build', '-w', '@laurel/web'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
}
