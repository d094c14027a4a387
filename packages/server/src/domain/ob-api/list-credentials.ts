import type { JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { listBackpack } from '../earners/backpack.js';

export interface ObCredentialsPage {
  /** OpenBadgeCredentials with an embedded proof. */
  credential: JsonObject[];
  /** OpenBadgeCredentials signed as VC-JWT. */
  compactJwsString: string[];
  /** How many the earner has (after `since`), for X-Total-Count. */
  total: number;
}

interface Entry {
  issuedAt: string;
  key: string;
  load(): Promise<{ format: 'json' | 'jwt'; body: string } | undefined>;
}

/**
 * getCredentials of the OB 3.0 API: everything in the earner's backpack, the credentials Laurel issued
 * them (their signed OB 3.0 Data Integrity document) and those their hosts pushed in, oldest first,
 * `offset`/`limit` over that one list; `since` keeps those issued after it.
 */
export async function listObCredentials(deps: Pick<Deps, 'store'>, input: { userId: string; limit: number; offset: number; since?: string | undefined }): Promise<ObCredentialsPage> {
  const [backpack, hosted] = await Promise.all([listBackpack(deps, { userId: input.userId }), deps.store.hostedCredentials.listForUser(input.userId)]);
  const entries: Entry[] = [
    ...backpack.map((e) => ({
      issuedAt: e.credential.issuedOn,
      key: `laurel:${e.credential.id}`,
      load: async () => {
        const doc = await deps.store.credentialDocuments.find(e.credential.id, 'ob3');
        return doc ? { format: 'json' as const, body: doc.body } : undefined;
      },
    })),
    ...hosted.filter((h) => h.format !== 'ob2').map((h) => ({ issuedAt: h.issuedAt, key: `hosted:${h.id}`, load: async () => ({ format: h.format === 'jwt' ? ('jwt' as const) : ('json' as const), body: h.body }) })),
  ];
  const since = input.since === undefined ? undefined : Date.parse(input.since);
  const listed = entries
    .filter((e) => since === undefined || Date.parse(e.issuedAt) > since)
    .sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page: ObCredentialsPage = { credential: [], compactJwsString: [], total: listed.length };
  for (const entry of listed.slice(input.offset, input.offset + input.limit)) {
    const doc = await entry.load();
    if (!doc) continue;
    if (doc.format === 'jwt') page.compactJwsString.push(doc.body);
    else page.credential.push(JSON.parse(doc.body) as JsonObject);
  }
  return page;
}
