import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.js';
import type { RunningServer } from './server.js';

/**
 * Another organisation on a running server, made in a process of its own over the server's data directory
 * (first-run setup over HTTP makes only the first); returns its owner's all-scopes API key.
 */
export async function makeOrganisation(server: RunningServer, owner: { organisation: string; email: string; password: string }): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LAUREL_DATA_DIR: server.dataDir, LAUREL_BASE_URL: server.baseUrl, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const args = ['--conditions=source', '--import', 'tsx', 'e2e/support/make-organisation.mjs', owner.organisation, owner.email, owner.password];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: REPO_ROOT, env, timeout: 120_000 });
  return (JSON.parse(stdout) as { apiKey: string }).apiKey;
}
