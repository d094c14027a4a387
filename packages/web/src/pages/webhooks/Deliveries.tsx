import { useEffect, useRef } from 'react';
import { listWebhookDeliveries, redeliverWebhook } from '../../api/webhooks';
import type { Webhook, WebhookAttempt } from '../../api/types';
import { Button } from '../../components/Button';
import { LoadMore } from '../../components/LoadMore';
import { LoadState } from '../../components/LoadState';
import { RowActionButton } from '../../components/RowActionButton';
import { Badge } from '../../components/StatusBadge';
import { DataTable } from '../../components/Table';
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
        <DataTable
          caption={t('webhooks.deliveriesCaption')}
          columns={[
            { header: t('webhooks.col.when'), primary: true, className: '', cell: (a) => formatDateTime(a.createdAt) },
            { header: t('webhooks.col.event'), cell: (a) => <code>{a.event}</code> },
            { header: t('webhooks.col.attempt'), cell: (a) => a.attempt },
            {
              header: t('webhooks.col.result'),
              cell: (a) => (
                <>
                  <Badge tone={a.delivered ? 'active' : 'revoked'}>{t(a.delivered ? 'webhooks.delivered' : 'webhooks.failed')}</Badge>
                  {a.statusCode !== null && <span className="cell-sub">{t('webhooks.status', { code: a.statusCode })}</span>}
                  {a.error && <span className="cell-sub">{a.error}</span>}
                </>
              ),
            },
            { header: t('webhooks.col.duration'), cell: (a) => t('webhooks.durationMs', { ms: a.durationMs }) },
            { header: t('webhooks.col.nextRetry'), cell: (a) => (a.nextRetryAt ? formatDateTime(a.nextRetryAt) : t('webhooks.noRetry')) },
            {
              header: t('webhooks.col.actions'),
              className: 'cell-actions',
              cell: (a) => (
                <RowActionButton
                  variant="secondary"
                  label={t('webhooks.redeliver')}
                  target={t('webhooks.redeliverTarget', { attempt: a.attempt, event: a.event })}
                  busy={redeliver.pending}
                  onClick={() => void redeliver.run(a)}
                />
              ),
            },
          ]}
          rows={attempts.items}
          rowKey={(a) => a.id}
          empty={!attempts.loading && t('webhooks.deliveriesEmpty')}
        />
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
