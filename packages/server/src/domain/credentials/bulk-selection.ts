import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { foldForSearch } from '../shared/search-text.js';
import type { Credential, CredentialListQuery } from './ports.js';

/** Most credentials one bulk revoke or resend acts on. */
export const BULK_ACTION_LIMIT = 500;
/** Most rows one CSV export holds. */
export const BULK_EXPORT_LIMIT = 5000;
/** Most PDF certificates one zip holds (each is drawn on request). */
export const BULK_CERTIFICATE_LIMIT = 50;

/** The list's filters, as a bulk request names "everything matching". */
export type CredentialFilter = Omit<CredentialListQuery, 'limit' | 'cursor' | 'sort' | 'now'>;

/** Rows picked one by one, or every credential matching a filter (exactly one of the two). */
export interface BulkSelection {
  ids?: readonly string[] | undefined;
  filter?: CredentialFilter | undefined;
}

export interface SelectedCredentials {
  /** The organisation's credentials among those selected, in the order asked (ids) or newest first (filter). */
  credentials: Credential[];
  /** Ids asked for that are not the organisation's credentials: never acted on, reported. */
  notFound: string[];
}

/** Resolve a selection within the organisation; more than `limit` credentials is refused before anything is done. */
export async function selectCredentials(deps: Pick<Deps, 'store' | 'clock'>, orgId: string, selection: BulkSelection, limit: number): Promise<SelectedCredentials> {
  if ((selection.ids === undefined) === (selection.filter === undefined)) {
    throw new AppError('validation', 'give either ids or filter', { fields: [{ path: '/ids', message: 'give either ids or filter, not both or neither' }] });
  }
  if (selection.ids) {
    const ids = [...new Set(selection.ids)];
    if (ids.length > limit) throw tooLarge(ids.length, limit);
    const found = new Map((await deps.store.credentials.findManyByIds(orgId, ids)).map((c) => [c.id, c]));
    return { credentials: ids.flatMap((id) => found.get(id) ?? []), notFound: ids.filter((id) => !found.has(id)) };
  }
  const f = selection.filter!;
  const q = f.q === undefined ? undefined : foldForSearch(f.q).trim() || undefined;
  const page = await deps.store.credentials.list(orgId, { ...f, q, sort: '-createdAt', limit: limit + 1, now: deps.clock.now().toISOString() });
  if (page.items.length > limit) throw tooLarge(undefined, limit);
  return { credentials: page.items, notFound: [] };
}

function tooLarge(count: number | undefined, limit: number): AppError {
  const held = count === undefined ? `more than ${limit} credentials` : `${count} credentials`;
  return new AppError('selection-too-large', `the selection holds ${held}; one request takes at most ${limit}: narrow the filter or select fewer`);
}

/** For downloads: every selected id must be the organisation's, or nothing is produced. */
export function refuseUnknown(selected: SelectedCredentials): Credential[] {
  if (selected.notFound.length > 0) {
    throw new AppError('not-found', `${selected.notFound.length} of the selected credentials are not found in your organisation`, {
      fields: selected.notFound.slice(0, 20).map((id) => ({ path: '/ids', message: `credential ${id} not found` })),
    });
  }
  return selected.credentials;
}
