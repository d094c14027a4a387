import { OB3_CONTEXT, VC_V2_CONTEXT, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';

/**
 * An issuer's OB 3.0 Profile (JSON-LD) with its live endorsements (`endorsement`: each
 * EndorsementCredential as signed, by an issuer here or accepted from outside; revoked and hidden ones
 * left out). Its `id` is the issuer's profile URL, the subject an endorsement of the issuer names.
 */
export async function getIssuerProfile(deps: Pick<Deps, 'store' | 'urls'>, input: { id: string }): Promise<JsonObject> {
  const issuer = await deps.store.issuers.findPublic(input.id);
  if (!issuer) throw notFound('issuer');
  const live = await deps.store.endorsements.listLiveForSubject(issuer.orgId, 'issuer', issuer.id);
  const endorsement = live.filter((e) => !e.revokedAt && !e.hiddenAt).map((e) => JSON.parse(e.document) as JsonObject);
  const profile: JsonObject = {
    '@context': [VC_V2_CONTEXT, OB3_CONTEXT],
    id: deps.urls.ob2Issuer(issuer.id),
    type: ['Profile'],
    name: issuer.name,
    url: issuer.url,
  };
  if (issuer.description) profile.description = issuer.description;
  if (issuer.email) profile.email = issuer.email;
  if (issuer.image) profile.image = { id: issuer.image, type: 'Image' };
  if (endorsement.length) profile.endorsement = endorsement;
  return profile;
}
