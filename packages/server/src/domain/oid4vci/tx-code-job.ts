import type { Deps } from '../deps.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { TX_CODE_LENGTH, txCodeHash } from './secrets.js';

export const TX_CODE_JOB = 'wallet.tx-code';

/**
 * Job: make the offer's tx_code (six random digits), store only its hash, and e-mail it. Nothing is sent
 * for an offer already redeemed or expired. A retry makes a new code (the last e-mail holds the one that works).
 */
export function txCodeJob(deps: Pick<Deps, 'store' | 'clock' | 'random' | 'mailer' | 'emailRenderer'>): JobHandler {
  return {
    name: TX_CODE_JOB,
    version: 1,
    async handle(payload) {
      const offer = await deps.store.walletOffers.findById(payloadString(payload, 'offerId'));
      if (!offer || offer.redeemedAt || Date.parse(offer.expiresAt) <= deps.clock.now().getTime()) return { sent: false, reason: 'offer gone' };
      const issuer = await deps.store.issuers.findById(offer.orgId, offer.issuerId);
      if (!issuer) return { sent: false, reason: 'issuer gone' };
      const code = String(deps.random.int(10 ** TX_CODE_LENGTH)).padStart(TX_CODE_LENGTH, '0');
      await deps.store.walletOffers.setTxCode(offer.id, txCodeHash(offer.id, code));
      const message = deps.emailRenderer.txCode({ locale: payloadString(payload, 'locale'), issuerName: issuer.name, code, expiresAt: offer.expiresAt });
      await deps.mailer.send({ to: payloadString(payload, 'email'), ...message });
      return { sent: true };
    },
  };
}
