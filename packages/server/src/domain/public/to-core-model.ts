import type * as core from '@laurel/core';
import type { Achievement } from '../achievements/ports.js';
import type { Credential } from '../credentials/ports.js';
import type { Issuer } from '../issuers/ports.js';

/** Map stored entities to the neutral model that @laurel/core builds documents from. */
export function toCoreIssuer(issuer: Issuer): core.IssuerProfile {
  return {
    id: issuer.id,
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
    description: issuer.description ?? undefined,
    image: issuer.image ?? undefined,
  };
}

export function toCoreAchievement(a: Achievement): core.Achievement {
  return {
    id: a.id,
    issuerId: a.issuerId,
    kind: a.kind,
    name: a.name,
    description: a.description,
    criteria: a.criteria,
    image: a.image ?? undefined,
    tags: a.tags,
    alignments: a.alignments,
    validity: a.validity ?? undefined,
    details: a.details,
  };
}

export function toCoreAward(c: Credential, status: core.CredentialStatus): core.Award {
  return {
    id: c.id,
    achievementId: c.achievementId,
    recipient: { type: c.recipient.type, identityHash: c.recipient.hash, salt: c.recipient.salt },
    recipientName: c.recipient.name ?? undefined,
    issuedOn: c.issuedOn,
    expires: c.expiresAt ?? undefined,
    narrative: c.narrative ?? undefined,
    evidence: c.evidence,
    status,
    revocationReason: c.revocationReason ?? undefined,
    results: c.results,
    creditsEarned: c.creditsEarned ?? undefined,
  };
}
