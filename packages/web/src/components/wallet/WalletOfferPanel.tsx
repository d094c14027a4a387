import { useId, useState } from 'react';
import type { WalletOffer } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { Checkbox } from '../Choice';
import { CopyField } from '../CopyField';
import { ErrorSummary } from '../ErrorSummary';

interface Props {
  /** What is offered, for the QR code's text alternative. */
  name: string;
  /** Makes the offer(s); with or without an e-mailed tx_code. */
  make: (txCode: boolean) => Promise<WalletOffer[]>;
  /** Names the issuer of each offer when there are several. */
  issuerName?: (issuerId: string) => string;
  /** False inside a dialog that is already titled. */
  heading?: boolean;
}

/**
 * "Add to a digital wallet": makes an OpenID4VCI credential offer on request (each is single use and
 * expires), then shows it as a QR code, an openid-credential-offer:// link and a copyable link.
 */
export function WalletOfferPanel({ name, make, issuerName, heading = true }: Props) {
  const { t, formatDateTime } = useI18n();
  const [txCode, setTxCode] = useState(true);
  const [offers, setOffers] = useState<WalletOffer[]>([]);
  const submit = useSubmit(async () => setOffers(await make(txCode)));
  const titleId = useId();
  return (
    <section className="wallet-offer" aria-labelledby={heading ? titleId : undefined} aria-label={heading ? undefined : t('wallet.title')}>
      {heading && <h2 id={titleId}>{t('wallet.title')}</h2>}
      <p className="muted">{t('wallet.intro')}</p>
      <ErrorSummary error={submit.error} />
      <Checkbox name="wallet-tx-code" label={t('wallet.txCode')} checked={txCode} onChange={(e) => setTxCode(e.target.checked)} />
      <div className="form-actions">
        <Button variant="secondary" busy={submit.pending} onClick={() => void submit.run()}>
          {offers.length > 0 ? t('wallet.again') : t('wallet.show')}
        </Button>
      </div>
      {offers.map((offer, i) => (
        <div key={offer.credentialOfferUri} className="wallet-offer-result">
          {offers.length > 1 && issuerName && <h3>{t('wallet.fromIssuer', { issuer: issuerName(offer.issuerId) })}</h3>}
          <img className="wallet-qr" src={offer.qrCode} width={320} height={320} alt={t('wallet.qrAlt', { name })} />
          <p>
            <a href={offer.offerUri}>{t('wallet.open')}</a>
          </p>
          <CopyField name={`wallet-offer-link-${i}`} label={t('wallet.link')} value={offer.offerUri} />
          <p className="muted">{t('wallet.expires', { time: formatDateTime(offer.expiresAt) })}</p>
          <p>{offer.txCode ? t('wallet.codeSent') : t('wallet.noCode')}</p>
        </div>
      ))}
    </section>
  );
}
