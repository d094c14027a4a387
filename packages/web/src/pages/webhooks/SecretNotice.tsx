import { useEffect, useRef } from 'react';
import type { WebhookWithSecret } from '../../api/types';
import { SecretBox } from '../../components/SecretBox';
import { ShownOnceNotice } from '../../components/ShownOnceNotice';
import { useI18n } from '../../i18n/useI18n';

/** The signing secret, shown once (after adding an endpoint or replacing its secret), and how receivers check signatures. */
export function SecretNotice({ endpoint, onDismiss }: { endpoint: WebhookWithSecret; onDismiss: () => void }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  // It may appear far from the button that asked for it (a new secret from the table): bring it into view.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [endpoint.secret]);
  return (
    <div ref={box}>
      <ShownOnceNotice title={t('webhooks.secretTitle')} body={t('webhooks.secretBody', { url: endpoint.url })} dismissLabel={t('webhooks.secretDismiss')} onDismiss={onDismiss}>
        <SecretBox name="webhookSecret" label={t('webhooks.secretLabel')} secret={endpoint.secret} />
        <h3>{t('webhooks.verifyTitle')}</h3>
        <p>{t('webhooks.verifyBody')}</p>
      </ShownOnceNotice>
    </div>
  );
}
