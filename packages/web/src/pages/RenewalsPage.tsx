import { useState } from 'react';
import { approveRenewal, listRenewals, refuseRenewal } from '../api/renewals';
import type { RenewalQueueItem } from '../api/types';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';

/** The renewal queue: pending requests, approved (a new signed credential) or refused with a reason. */
export function RenewalsPage() {
  const { t, formatDate } = useI18n();
  const loaded = useLoad(() => listRenewals('pending'), []);
  const [announcement, setAnnouncement] = useState('');
  const [refusing, setRefusing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const nameOf = (r: RenewalQueueItem) => r.recipient.name ?? r.recipient.identity;
  const approve = useSubmit(async (r: RenewalQueueItem) => {
    await approveRenewal(r.id);
    setAnnouncement(t('renewals.approved', { name: nameOf(r) }));
    loaded.reload();
  });
  const refuse = useSubmit(async (r: RenewalQueueItem) => {
    await refuseRenewal(r.id, reason.trim());
    setRefusing(null);
    setReason('');
    setAnnouncement(t('renewals.refused', { name: nameOf(r) }));
    loaded.reload();
  });
  const items = loaded.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('renewals.title')} intro={t('renewals.intro')} />
      <ErrorSummary error={approve.error ?? refuse.error} />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <LoadState loading={loaded.loading} error={loaded.error} retry={loaded.reload}>
        <DataTable
          caption={t('renewals.caption')}
          columns={[
            {
              header: t('renewals.col.recipient'),
              primary: true,
              cell: (r) => (
                <>
                  {nameOf(r)}
                  {r.recipient.name && <span className="cell-sub">{r.recipient.identity}</span>}
                </>
              ),
            },
            {
              header: t('renewals.col.certification'),
              cell: (r) => (
                <a href={r.credentialPage} target="_blank" rel="noreferrer">
                  {r.achievementName}
                </a>
              ),
            },
            { header: t('renewals.col.expires'), cell: (r) => (r.expires ? formatDate(r.expires) : '—') },
            {
              header: t('renewals.col.evidence'),
              cell: (r) => (
                <>
                  {r.evidenceUrl ? (
                    <a href={r.evidenceUrl} target="_blank" rel="noreferrer noopener">
                      {r.evidenceUrl}
                    </a>
                  ) : (
                    t('renewals.none')
                  )}
                  {r.note && <span className="cell-sub">{r.note}</span>}
                </>
              ),
            },
            {
              header: t('renewals.col.actions'),
              cell: (r) =>
                refusing === r.id ? (
                  <form
                    aria-label={t('renewals.refuseOf', { name: nameOf(r) })}
                    onSubmit={(e) => {
                      e.preventDefault();
                      void refuse.run(r);
                    }}
                  >
                    <TextField name={`reason-${r.id}`} label={t('renewals.reason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
                    <FormActions label={t('renewals.refuse')} variant="danger" busy={refuse.pending} onCancel={() => setRefusing(null)} cancelLabel={t('renewal.cancel')} />
                  </form>
                ) : (
                  <div className="form-actions">
                    <Button onClick={() => void approve.run(r)} busy={approve.pending} aria-label={t('renewals.approveOf', { name: nameOf(r) })}>
                      {t('renewals.approve')}
                    </Button>
                    <Button variant="secondary" onClick={() => setRefusing(r.id)} aria-label={t('renewals.refuseOf', { name: nameOf(r) })}>
                      {t('renewals.refuse')}
                    </Button>
                  </div>
                ),
            },
          ]}
          rows={items}
          rowKey={(r) => r.id}
          empty={t('renewals.empty')}
        />
      </LoadState>
    </>
  );
}
