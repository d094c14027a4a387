import type { RemoteDocuments } from './ports.js';

/** No network at all (offline verification): every read is refused, saying why. */
export const OFFLINE: RemoteDocuments = {
  getJson: async (url) => ({ ok: false, reason: `offline: ${url} was not fetched` }),
  getResource: async (url) => ({ ok: false, reason: `offline: ${url} was not fetched` }),
};
