import type { Actor } from '../shared/actor.js';
import { issueCredential, type IssueDeps } from '../credentials/issue-credential.js';
import type { Deps } from '../deps.js';

/** The award action of Zapier, Make and n8n: flat fields in, one flat object out. */
export interface AwardActionInput {
  actor: Actor;
  achievementId: string;
  email: string;
  name?: string | undefined;
  /** The tool's own retry key (e.g. the Zap run id): the same key and fields give the same award. */
  idempotencyKey?: string | undefined;
}

export interface AwardActionResult {
  id: string;
  achievementId: string;
  issuerId: string;
  recipientEmail: string;
  recipientName: string | null;
  issuedOn: string;
  expiresAt: string | null;
  status: string;
  url: string;
  /** True when an earlier call with the same idempotency key made this award. */
  replayed: boolean;
}

export async function awardAction(deps: IssueDeps & Pick<Deps, 'urls'>, input: AwardActionInput): Promise<AwardActionResult> {
  const { credential, replayed } = await issueCredential(deps, {
    actor: input.actor,
    data: { achievementId: input.achievementId, recipient: { email: input.email, name: input.name?.trim() || undefined } },
    idempotencyKey: input.idempotencyKey ? `action:${input.idempotencyKey}` : undefined,
  });
  return {
    id: credential.id, achievementId: credential.achievementId, issuerId: credential.issuerId, recipientEmail: credential.recipient.identity, recipientName: credential.recipient.name,
    issuedOn: credential.issuedOn, expiresAt: credential.expiresAt, status: credential.status, url: deps.urls.publicCredentialPage(credential.id), replayed,
  };
}
