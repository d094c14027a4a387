import type { Repositories, Store } from '../../domain/shared/store.js';
import type { PublicChange } from './public-cache.js';

type Changes = (args: unknown[]) => PublicChange[];

const credential = (id: unknown): PublicChange[] => (typeof id === 'string' ? [{ kind: 'credential', id }] : [{ kind: 'pages' }]);
const pages: Changes = () => [{ kind: 'pages' }];
const statusLists: Changes = () => [{ kind: 'status-lists' }];
const pagesAndLists: Changes = () => [{ kind: 'pages' }, { kind: 'status-lists' }];

/**
 * The writes that change what a public page or a status list shows, by repository and method. Reads,
 * and writes of things no public answer shows (a new credential, analytics, sessions), are not here.
 * A repository method added later that changes one of these rows must be added too
 * (track-changes.test.ts checks every write method of these repositories is listed).
 */
export const PUBLIC_WRITES: Partial<Record<keyof Repositories, Record<string, Changes>>> = {
  credentials: {
    update: ([c]) => credential((c as { id?: unknown } | undefined)?.id),
    markSuperseded: ([, id]) => credential(id),
  },
  credentialDocuments: {
    insert: ([d]) => credential((d as { credentialId?: unknown } | undefined)?.credentialId),
    insertMany: pages,
    insertIfAbsent: ([d]) => credential((d as { credentialId?: unknown } | undefined)?.credentialId),
  },
  achievements: { update: pages },
  issuers: { update: pagesAndLists },
  organisations: { update: pages },
  images: { insert: pages, delete: pages },
  issuerKeys: { insert: statusLists, setStatus: statusLists },
  statusLists: { ensure: statusLists, save: statusLists },
  vcStatus: { ensureLists: statusLists, saveList: statusLists },
  privacy: { eraseRecipientData: pages, scrub: pages, deleteAccount: pages },
  // Credential pages show the live endorsements of their achievement and issuer (rare writes: every page).
  endorsements: { insert: pages, revoke: pages, hide: pages },
};

function tracked(repos: Repositories, emit: (changes: PublicChange[]) => void): Repositories {
  const wrapped: Record<string, unknown> = { ...repos };
  for (const [name, writes] of Object.entries(PUBLIC_WRITES)) {
    const repo = repos[name as keyof Repositories] as unknown as Record<string, unknown>;
    if (!repo) continue;
    wrapped[name] = new Proxy(repo, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        const changes = typeof property === 'string' ? writes[property] : undefined;
        if (!changes || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          emit(changes(args));
          return result;
        };
      },
    });
  }
  return wrapped as unknown as Repositories;
}

/**
 * The store, telling `changed` of every committed write that changes a public answer: at once outside
 * a transaction, after the commit inside one (a rolled-back transaction tells nothing).
 */
export function trackPublicChanges(store: Store, changed: (change: PublicChange) => void): Store {
  const tell = (changes: PublicChange[]) => changes.forEach((c) => changed(c));
  const outside = tracked(store, tell);
  return Object.assign(outside, {
    transaction: async <T>(fn: (tx: Repositories) => Promise<T>): Promise<T> => {
      const pending: PublicChange[] = [];
      const result = await store.transaction((tx) => fn(tracked(tx, (c) => pending.push(...c))));
      tell(pending);
      return result;
    },
  }) as Store;
}
