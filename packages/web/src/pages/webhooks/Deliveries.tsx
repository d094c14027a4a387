import { useEffect, useRef } from 'react';
import { listWebhookDeliveries } from '../../api/webhooks';
import type { Webhook } from '../../api/types';
import { Button } from '../../components/Button';
import { LoadMore } from '../../components/LoadMore';
import { LoadState } from '../../components/LoadState';
import { EmptyRow, Table } from '../../components/Table';
import { useI18n } from '../../i18n/useI18n';
import { usePaged } from '../../lib/usePaged';

/** The attempt log of one endpoint, newest first; the heading takes focus when it opens. */
export function Deliveries({ endpoint, onClose }: { endpoint: Webhook; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const attempts = usePaged((cursor) => listWebhookDeliveries(endpoint.id, cursor), [endpoint.id]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [endpoint.id]);

  return (
    <section className="section" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title" tabIndex={-1} ref={heading}>
        {t('webhooks.deliveriesTitle', { url: endpoint.url })}
      </h2>
      <p className="muted">{t('webhooks.deliveriesIntro')}</p>
      <LoadState loading={attempts.loading && attempts.items.length === 0} error={attempts.error} retry={attempts.reload}>
        <Table caption={t('webhooks.deliveriesCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.when')}</th>
              <th scope="col">{t('webhooks.col.event')}</th>
              <th scope="col">{t('webhooks.col.attempt')}</th>
              <th scope="col">{t('webhooks.col.result')}</th>
              <th scope="col">{t('webhooks.col.duration')}</th>
              <th scope="col">{t('webhooks.col.nextRetry')}</th>
            </tr>
          </thead>
          <tbody>
            {!attempts.loading && attempts.items.length === 0 && <EmptyRow colSpan={6}>{t('webhooks.deliveriesEmpty')}</EmptyRow>}
            {attempts.items.map((a) => (
              <tr key={a.id}>
                <th scope="row">{formatDateTime(a.createdAt)}</th>
                <td>
                  <code>{a.event}</code>
                </td>
                <td>{a.attempt}</td>
                <td>
                  <span className={`badge ${a.delivered ? 'badge-active' : 'badge-revoked'}`}>{t(a.delivered ? 'webhooks.delivered' : 'webhooks.failed')}</span>
                  {a.statusCode !== null && <span className="cell-sub">{t('webhooks.status', { code: a.statusCode })}</span>}
                  {a.error && <span className="cell-sub">{a.error}</span>}
                </td>
                <td>{t('webhooks.durationMs', { ms: a.durationMs })}</td>
                <td>{a.nextRetryAt ? formatDateTime(a.nextRetryAt) : t('webhooks.noRetry')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore hasMore={attempts.hasMore} loading={attempts.loading} onClick={attempts.loadMore} />
      </LoadState>
      <div className="form-actions">
        <Button variant="secondary" onClick={onClose}>
          {t('webhooks.deliveriesClose')}
        </Button>
      </div>
    </section>
  );
}
