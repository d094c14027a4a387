import type { CredentialHistoryEvent } from '../credential-history/ports.js';

/** What the analytics count, per organisation, day, issuer and achievement (docs/analytics.md defines each). */
export const METRICS = [
  'issued', 'delivered', 'bounced', 'opened', 'clicked', 'claimed', 'accepted', 'viewed', 'visitors', 'shared', 'linkedin-added',
  'verified', 'downloaded', 'revoked', 'suspended', 'expired', 'renewed', 'hours-to-issue', 'hours-to-claim',
] as const;
export type Metric = (typeof METRICS)[number];

/** Where a credential was shared from its public page. */
export const SHARE_NETWORKS = ['linkedin', 'x', 'facebook', 'email', 'copy-link', 'embed'] as const;
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];
/** How a credential went into a wallet: an OpenID4VCI wallet, its signed JSON downloaded, its baked image downloaded. */
export const WALLET_CHANNELS = ['oid4vci', 'download', 'baked'] as const;
export type WalletChannel = (typeof WALLET_CHANNELS)[number];
/** Where a third party verified it: Laurel's verify page, the verify API (`POST /api/v1/verify` called by anything else), or the VC-API. */
export const VERIFY_CHANNELS = ['page', 'api', 'vc-api'] as const;
export type VerifyVia = (typeof VERIFY_CHANNELS)[number];

/** One increment of the rollup; `dim` is '' when the metric has no dimension. */
export interface RollupIncrement {
  metric: Metric;
  dim: string;
}

const HOURS_CAP = 24 * 366;
/** Whole hours between two instants, from 0 to a year (the distribution's last bucket holds the rest). */
export function wholeHours(fromIso: string, toIso: string): number {
  const hours = Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000);
  return Number.isFinite(hours) ? Math.min(HOURS_CAP, Math.max(0, hours)) : 0;
}

const num = (v: string | number | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * What a history event adds to the rollup. `issued` carries `hoursToIssue` when the achievement's
 * date is known (a backdated issue date, an award rule's event), `renews` on a renewal; `claimed`
 * carries `hoursToClaim`; a failed award e-mail counts as bounced when the server refused it for good.
 */
export function rollupOfHistory(event: Pick<CredentialHistoryEvent, 'type' | 'details'>): RollupIncrement[] {
  const d = event.details;
  const one = (metric: Metric, dim = ''): RollupIncrement => ({ metric, dim });
  switch (event.type) {
    case 'issued': {
      const out = [one('issued')];
      const hours = num(d.hoursToIssue);
      if (hours !== undefined) out.push(one('hours-to-issue', String(hours)));
      if (d.renews) out.push(one('renewed'));
      return out;
    }
    case 'awarded-by-rule': {
      const seconds = num(d.secondsFromEvent);
      return seconds === undefined ? [] : [one('hours-to-issue', String(Math.min(HOURS_CAP, Math.floor(seconds / 3600))))];
    }
    case 'email.sent':
      return [one('delivered')];
    case 'email.failed': {
      // The mail server refused the recipient (a 5xx reply) on the first attempt: retries of a refusal are not counted again.
      const status = num(d.smtpStatus);
      const first = d.attempt === undefined || d.attempt === 1;
      return status !== undefined && status >= 500 && first ? [one('bounced')] : [];
    }
    case 'claimed': {
      const hours = num(d.hoursToClaim);
      return hours === undefined ? [one('claimed')] : [one('claimed'), one('hours-to-claim', String(hours))];
    }
    case 'revoked':
      return [one('revoked')];
    case 'suspended':
      return [one('suspended')];
    default:
      return [];
  }
}
