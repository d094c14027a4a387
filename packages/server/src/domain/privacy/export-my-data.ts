import type { Deps } from '../deps.js';
import { DOCUMENT_FORMATS } from '../credentials/ports.js';
import { readSignedForm, type SignedFormDeps } from '../credentials/signed-forms.js';
import { assertRecentFactor } from '../mfa/step-up.js';
import { AppError, notFound } from '../shared/errors.js';
import type { AccountData } from './ports.js';

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
}

const FILE_OF_FORMAT: Record<string, string> = { ob3: 'ob3.json', 'vc-jwt': 'vc.jwt', 'ob2-jws': 'ob2.jws' };
const text = (s: string) => new TextEncoder().encode(s);

/**
 * Everything Laurel holds about the signed-in person, as the files of a zip: `account.json` (account,
 * addresses, sessions, factors without their secrets, linked sign-in providers, profile, consents, connected apps, audit entries
 * about them, credentials' summaries) and each credential's signed forms (OB 3.0 JSON, VC-JWT, OB 2.0
 * JWS, and the baked PNG when `bake` gives one). A factor proven recently is needed.
 */
export async function exportMyData(
  deps: SignedFormDeps & Pick<Deps, 'stepUpSeconds'>,
  input: { userId: string; factorAt: string | null | undefined; bake?: ((credentialId: string) => Promise<Uint8Array | null>) | undefined },
): Promise<AsyncIterable<ExportFile>> {
  assertRecentFactor(deps, input.factorAt);
  const data = await deps.store.privacy.accountData(input.userId);
  if (!data) throw notFound('account');
  // The providers (Google, Microsoft…) the person signs in with: provider, subject and the address it gave.
  const linkedProviders = (await deps.store.earnerOidc.listLinks(input.userId)).map((l) => ({ provider: l.provider, subject: l.subject, email: l.email, createdAt: l.createdAt, lastSignInAt: l.lastSignInAt }));
  return files(deps, input, data, linkedProviders);
}

/**
 * Every signed form of a held credential: those stored, and those never asked for made now (a deleted
 * organisation's credential has only the forms made before; see signed-forms.ts).
 */
async function everyForm(deps: SignedFormDeps, held: AccountData['credentials'][number]): Promise<{ format: string; body: string }[]> {
  const missing = DOCUMENT_FORMATS.filter((f) => !held.documents.some((d) => d.format === f));
  if (missing.length === 0) return held.documents;
  const credential = await deps.store.credentials.findById(held.orgId, held.id);
  if (!credential) return held.documents;
  const made: { format: string; body: string }[] = [];
  for (const format of missing) {
    try {
      made.push({ format, body: (await readSignedForm(deps, credential, format)).body });
    } catch (error) {
      // A form that can no longer be made (its organisation deleted): the export has the forms made before.
      if (!(error instanceof AppError) || (error.code !== 'credential-form-unavailable' && error.code !== 'not-found')) throw error;
    }
  }
  return [...held.documents, ...made].sort((a, b) => DOCUMENT_FORMATS.indexOf(a.format as never) - DOCUMENT_FORMATS.indexOf(b.format as never));
}

async function* files(deps: SignedFormDeps, input: { bake?: ((credentialId: string) => Promise<Uint8Array | null>) | undefined }, data: AccountData, linkedProviders: unknown[]): AsyncGenerator<ExportFile> {
  const { credentials, ...rest } = data;
  const summary = { exportedAt: deps.clock.now().toISOString(), ...rest, linkedProviders, credentials: credentials.map((c) => c.summary) };
  yield { name: 'account.json', bytes: text(JSON.stringify(summary, null, 2)) };
  for (const c of credentials) {
    for (const d of await everyForm(deps, c)) yield { name: `credentials/${c.id}/${FILE_OF_FORMAT[d.format] ?? `${d.format}.txt`}`, bytes: text(d.body) };
    const png = input.bake ? await input.bake(c.id).catch(() => null) : null;
    if (png) yield { name: `credentials/${c.id}/badge.png`, bytes: png };
  }
}
