import { useState, type FormEvent } from 'react';
import { requestRenewal } from '../api/earners';
import type { BackpackItem, RenewalRequest } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';
import { TextAreaField, TextField } from './Field';
import { FormActions } from './FormActions';

/**
 * A certification's expiry and renewal in the backpack: replaced, the last reminder, the latest renewal request,
 * and the request form (a link to new evidence and a note, both optional).
 */
export function RenewalPanel({ item, onRequested }: { item: BackpackItem; onRequested: (request: RenewalRequest) => void }) {
  const { t, formatDate } = useI18n();
  const [open, setOpen] = useState(false);
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [note, setNote] = useState('');
  const name = item.achievement.name;
  const send = useSubmit(async () => {
    const made = await requestRenewal(item.id, { ...(evidenceUrl.trim() ? { evidenceUrl: evidenceUrl.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
    setOpen(false);
    onRequested(made);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send.run();
  };
  const reminder = item.reminders?.[0];
  const renewal = item.renewal;
  if (!item.supersededBy && !reminder && !renewal && !item.renewable) return null;
  return (
    <div className="renewal">
      {item.supersededBy && (
        <p>
          <strong>{t('renewal.superseded')}</strong>
        </p>
      )}
      {!item.supersededBy && reminder && <p>{t('renewal.reminded', { days: reminder.offsetDays, date: formatDate(reminder.at) })}</p>}
      {renewal?.status === 'pending' && <p>{t('renewal.pending', { date: formatDate(renewal.createdAt) })}</p>}
      {renewal?.status === 'approved' && <p>{t('renewal.approved')}</p>}
      {renewal?.status === 'refused' && <p>{t('renewal.refused', { reason: renewal.reason ?? '' })}</p>}
      {item.renewable && !open && (
        <Button variant="secondary" onClick={() => setOpen(true)} aria-label={t('renewal.requestOf', { name })}>
          {t('renewal.request')}
        </Button>
      )}
      {item.renewable && open && (
        <form onSubmit={submit} aria-label={t('renewal.requestOf', { name })}>
          <ErrorSummary error={send.error} />
          <TextField name={`renewal-evidence-${item.id}`} label={t('renewal.evidenceUrl')} hint={t('renewal.evidenceHint')} type="url" inputMode="url" value={evidenceUrl} onChange={(e) => setEvidenceUrl(e.target.value)} maxLength={2000} />
          <TextAreaField name={`renewal-note-${item.id}`} label={t('renewal.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} />
          <FormActions label={t('renewal.send')} busy={send.pending} onCancel={() => setOpen(false)} cancelLabel={t('renewal.cancel')} />
        </form>
      )}
    </div>
  );
}
