import { useId, useState } from 'react';
import type { WalletExchange } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { CopyField } from '../CopyField';
import { ErrorSummary } from '../ErrorSummary';

interface Props {
  /** What is sent, for the QR code's text alternative. */
  name: string;
  /** Starts a VC-API exchange (single use, expiring). */
  make: () => Promise<WalletExchange>;
}

/**
 * "Learner Credential Wallet": starts a VC-API exchange on request, then shows its request as a QR
 * code (LCW's web link), the dccrequest:// deep link for the phone, and a copyable link.
 */
export function LearnerWalletPanel({ name, make }: Props) {
  const { t, formatDateTime } = useI18n();
  const [exchange, setExchange] = useState<WalletExchange | null>(null);
  const submit = useSubmit(async () => setExchange(await make()));
  const titleId = useId();
  return (
    <section className="wallet-offer" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('wallet.lcw.title')}</h2>
      <p className="muted">{t('wallet.lcw.intro')}</p>
      <ErrorSummary error={submit.error} />
      <div className="form-actions">
        <Button variant="secondary" busy={submit.pending} onClick={() => void submit.run()}>
          {exchange ? t('wallet.lcw.again') : t('wallet.lcw.show')}
        </Button>
      </div>
      {exchange && (
        <div className="wallet-offer-result">
          <img className="wallet-qr" src={exchange.qrCode} width={320} height={320} alt={t('wallet.lcw.qrAlt', { name })} />
          <p>
            <a href={exchange.deepLink}>{t('wallet.lcw.open')}</a>
          </p>
          <CopyField name="lcw-request-link" label={t('wallet.link')} value={exchange.webLink} />
          <p className="muted">{t('wallet.expires', { time: formatDateTime(exchange.expiresAt) })}</p>
          <p>{t('wallet.noCode')}</p>
        </div>
      )}
    </section>
  );
}
