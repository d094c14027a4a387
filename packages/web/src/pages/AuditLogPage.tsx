import { useCallback, useState } from 'react';
import { saveFile } from '../api/client';
import { downloadAuditLog, getAuditLog, verifyAuditLog, type AuditChainReport, type AuditEntry, type AuditFilter } from '../api/privacy';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { formValues, optional } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { withStepUp } from './privacy/with-step-up';

const dayStart = (d: string | undefined) => (d ? new Date(`${d}T00:00:00Z`).toISOString() : undefined);
const dayAfter = (d: string | undefined) => (d ? new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString() : undefined);

/** The organisation's audit log: who did what, when, from where; filters, CSV export, the chain check. */
export function AuditLogPage() {
  const { t, formatDateTime } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<AuditChainReport | null>(null);
  const load = useCallback(async () => {
    const page = await getAuditLog(filter);
    setMore([]);
    setCursor(page.nextCursor);
    return page.items;
  }, [filter]);
  const log = useLoad(load, [load]);
  const apply = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    setFilter({ action: optional(v.action), actorId: optional(v.actorId), from: dayStart(optional(v.from)), to: dayAfter(optional(v.to)) });
  });
  const next = useSubmit(async () => {
    const page = await getAuditLog(filter, cursor);
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor);
  });
  const check = useSubmit(async () => setReport(await verifyAuditLog()));
  const csv = useSubmit(async () => saveFile(await withStepUp(() => downloadAuditLog(filter))));
  const entries = [...(log.data ?? []), ...more];
  return (
    <>
      <PageHeader title={t('auditLog.title')} intro={t('auditLog.intro')} />
      <ErrorSummary error={apply.error ?? next.error ?? check.error ?? csv.error} />
      <SubmitForm action={apply}>
        <fieldset className="fieldset">
          <legend className="field-label">{t('auditLog.filters')}</legend>
          <TextField name="action" label={t('auditLog.action')} hint={t('auditLog.actionHint')} maxLength={100} />
          <TextField name="actorId" label={t('auditLog.actor')} maxLength={200} />
          <TextField name="from" type="date" label={t('auditLog.from')} />
          <TextField name="to" type="date" label={t('auditLog.to')} />
        </fieldset>
        <Button type="submit" busy={apply.pending}>
          {t('auditLog.apply')}
        </Button>
      </SubmitForm>
      <p>
        <Button variant="secondary" busy={csv.pending} onClick={() => void csv.run()}>
          {t('auditLog.export')}
        </Button>{' '}
        <Button variant="secondary" busy={check.pending} onClick={() => void check.run()}>
          {t('auditLog.verify')}
        </Button>
      </p>
      {report && (
        <Notice tone={report.valid ? undefined : 'warning'}>
          <p role="status">
            {report.valid ? t('auditLog.valid', { n: report.entries }) : t('auditLog.broken', { seq: report.firstBroken?.seq ?? 0, reason: t(`auditLog.reason.${report.firstBroken?.reason ?? 'hash-mismatch'}`) })}
          </p>
        </Notice>
      )}
      <LoadState loading={log.loading} error={log.error} retry={log.reload}>
        <DataTable
          caption={t('auditLog.title')}
          columns={[
            { header: t('auditLog.when'), cell: (e) => formatDateTime(e.createdAt) },
            { header: t('auditLog.action'), cell: (e) => <code>{e.action}</code> },
            {
              header: t('auditLog.actor'),
              cell: (e) => (
                <>
                  {e.actorType}
                  {e.actorId ? ` · ${e.actorId}` : ''}
                </>
              ),
            },
            {
              header: t('auditLog.target'),
              cell: (e) => (
                <>
                  {e.targetType} · {e.targetId}
                </>
              ),
            },
            { header: t('auditLog.from_where'), cell: (e) => [e.ip, e.userAgent].filter(Boolean).join(' · ') || '—' },
          ]}
          rows={entries}
          rowKey={(e) => e.id}
          empty={t('auditLog.empty')}
        />
        {cursor && (
          <Button variant="secondary" busy={next.pending} onClick={() => void next.run()}>
            {t('auditLog.more')}
          </Button>
        )}
      </LoadState>
    </>
  );
}
