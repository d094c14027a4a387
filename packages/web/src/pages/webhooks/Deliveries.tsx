import { useEffect, useRef } from 'react';
import { listWebhookDeliveries, redeliverWebhook } from '../../api/webhooks';
import type { Webhook, WebhookAttempt } from '../../api/types';
import { Button } from '../../components/Button';
import { LoadMore } from '../../components/LoadMore';
import { LoadState } from '../../components/LoadState';
import { EmptyRow, Table } from '../../components/Table';
import { useI18n } from '../../i18n/useI18n';
import { usePaged } from '../../lib/usePaged';
import { useSubmit } from '../../lib/useSubmit';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Notice } from '../../components/Notice';
import { useState } from 'react';

/**
 * The attempt log of one endpoint, newest first, each with a way to send its message again; the heading
 * takes focus when it opens. `refresh` changes when something was sent from outside (a test event).
 */
export function Deliveries({ endpoint, refresh = 0, onClose }: { endpoint: Webhook; refresh?: number; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const attempts = usePaged((cursor) => listWebhookDeliveries(endpoint.id, cursor), [endpoint.id, refresh]);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const redeliver = useSubmit(async (attempt: WebhookAttempt) => {
    setOutcome(null);
    const again = await redeliverWebhook(endpoint.id, attempt.id);
    setOutcome({ ok: again.delivered, text: again.delivered ? t('webhooks.redelivered', { code: again.statusCode ?? '' }) : t('webhooks.redeliverFailed', { reason: again.error ?? t('webhooks.failed') }) });
    attempts.reload();
  });
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
      <ErrorSummary error={redeliver.error} />
      {outcome && <Notice tone={outcome.ok ? 'success' : 'warning'}>{outcome.text}</Notice>}
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
              <th scope="col">{t('webhooks.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {!attempts.loading && attempts.items.length === 0 && <EmptyRow colSpan={7}>{t('webhooks.deliveriesEmpty')}</EmptyRow>}
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
                <td className="cell-actions">
                  <Button variant="secondary" className="btn-small" busy={redeliver.pending} onClick={() => void redeliver.run(a)}>
                    {t('webhooks.redeliver')}
                    <span className="visually-hidden"> {t('webhooks.redeliverTarget', { attempt: a.attempt, event: a.event })}</span>
                  </Button>
                </td>
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
