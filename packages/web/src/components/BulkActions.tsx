import { useState } from 'react';
import { saveFile } from '../api/client';
import { bulkResend, bulkRevoke, certificatesZip, CERTIFICATE_ZIP_LIMIT, exportCsv, type CredentialFilter, type Selection } from '../api/credential-tools';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, newIdempotencyKey } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { ActionDialog } from './ActionDialog';
import { Button } from './Button';
import { ErrorSummary, useFieldError } from './ErrorSummary';
import { TextAreaField } from './Field';

/** What is selected: rows picked one by one, or everything the current filters match. */
export type BulkChoice = { mode: 'ids'; ids: ReadonlySet<string> } | { mode: 'filter' };

interface Props {
  choice: BulkChoice;
  filter: CredentialFilter;
  /** Revoke and resend (issuers and above); exports are for anyone who reads credentials. */
  canChange: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  /** After a change: reload the list and clear the selection. */
  onChanged: () => void;
}

/** The selection's toolbar: how much is selected, and what can be done to all of it at once. */
export function BulkActions({ choice, filter, canChange, onSelectAllMatching, onClear, onChanged }: Props) {
  const { t, locale } = useI18n();
  const { show } = useFlash();
  const [revoking, setRevoking] = useState(false);
  const count = choice.mode === 'ids' ? choice.ids.size : undefined;
  const selection: Selection = choice.mode === 'ids' ? { ids: [...choice.ids] } : { filter };
  const nothing = count === 0;

  const revoke = useSubmit(async (form: HTMLFormElement) => {
    const result = await bulkRevoke(selection, formValues(form).reason ?? '');
    setRevoking(false);
    onChanged();
    show(t('bulk.revoked', { revoked: result.revoked, already: result.alreadyRevoked, missing: result.notFound }));
  });
  const resend = useSubmit(async () => {
    const result = await bulkResend(selection, newIdempotencyKey());
    onChanged();
    show(t('bulk.resent', { queued: result.queued, skipped: result.skipped, missing: result.notFound }));
  });
  const csv = useSubmit(async () => {
    const file = await exportCsv(selection);
    saveFile(file);
    show(t('bulk.exported', { file: file.filename }));
  });
  const zip = useSubmit(async () => {
    const file = await certificatesZip(selection, locale);
    saveFile(file);
    show(t('bulk.zipped', { file: file.filename }));
  });
  const error = resend.error ?? csv.error ?? zip.error;
  const tooLarge = (e: unknown) => (isApiError(e) && e.code === 'selection-too-large' ? t('bulk.tooLarge') : undefined);
  const fieldError = useFieldError(revoke.error);

  return (
    <div className="bulk-bar" role="group" aria-label={t('bulk.label')}>
      <p className="bulk-count" aria-live="polite">
        {choice.mode === 'filter' ? t('bulk.allMatching') : count === 0 ? t('bulk.none') : count === 1 ? t('bulk.countOne') : t('bulk.count', { count: count ?? 0 })}
      </p>
      <div className="action-row">
        {choice.mode === 'ids' ? (
          <Button variant="link" className="btn-small" onClick={onSelectAllMatching}>
            {t('bulk.selectAllMatching')}
          </Button>
        ) : null}
        {(choice.mode === 'filter' || !nothing) && (
          <Button variant="link" className="btn-small" onClick={onClear}>
            {t('bulk.clear')}
          </Button>
        )}
      </div>
      <div className="action-row">
        <Button variant="secondary" className="btn-small" disabled={nothing} busy={csv.pending} onClick={() => void csv.run()}>
          {t('bulk.exportCsv')}
        </Button>
        <Button variant="secondary" className="btn-small" disabled={nothing} busy={zip.pending} onClick={() => void zip.run()} aria-describedby="bulk-zip-hint">
          {t('bulk.certificates')}
        </Button>
        {canChange && (
          <>
            <Button variant="secondary" className="btn-small" disabled={nothing} busy={resend.pending} onClick={() => void resend.run()}>
              {t('bulk.resend')}
            </Button>
            <Button variant="danger" className="btn-small" disabled={nothing} onClick={() => setRevoking(true)}>
              {t('bulk.revoke')}
            </Button>
          </>
        )}
      </div>
      <p id="bulk-zip-hint" className="field-hint">
        {t('bulk.certificatesHint', { limit: CERTIFICATE_ZIP_LIMIT })}
      </p>
      <ErrorSummary error={error} message={tooLarge(error)} />
      <ActionDialog
        open={revoking}
        title={t('bulk.revokeTitle')}
        body={choice.mode === 'filter' ? t('bulk.revokeBodyAll') : t('bulk.revokeBody', { count: count ?? 0 })}
        confirmLabel={t('bulk.revokeConfirm')}
        action={revoke}
        labels={{ reason: t('credentials.revokeReason') }}
        onClose={() => setRevoking(false)}
      >
        <TextAreaField name="reason" label={t('credentials.revokeReason')} hint={t('credentials.revokeReasonHint')} required maxLength={1000} rows={3} error={fieldError('reason')} />
      </ActionDialog>
    </div>
  );
}
