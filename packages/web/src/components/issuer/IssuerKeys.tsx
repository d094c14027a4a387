import { useState } from 'react';
import { listIssuerKeys, retireIssuerKey, rotateIssuerKeys } from '../../api/badges';
import type { Issuer, IssuerKey } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { useFlash } from '../../lib/flash';
import { dateInputToIso, formValues } from '../../lib/form';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { ActionDialog } from '../ActionDialog';
import { useFieldError } from '../ErrorSummary';
import { TextField } from '../Field';
import { LoadState } from '../LoadState';
import { Notice } from '../Notice';
import { DataTable } from '../Table';

/** The issuer's key generations: rotate to a new one, retire a previous key (did:web issuers only). */
export function IssuerKeys({ issuer, onRotated }: { issuer: Issuer; onRotated: () => void }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const { show } = useFlash();
  const keys = useLoad(() => listIssuerKeys(issuer.id), [issuer.id]);
  const [rotating, setRotating] = useState(false);
  const [retiring, setRetiring] = useState<IssuerKey | null>(null);
  const rotate = useSubmit(async () => {
    await rotateIssuerKeys(issuer.id);
    setRotating(false);
    keys.reload();
    onRotated();
    show(t('issuerKeys.rotated'));
  });
  const statusText = (k: IssuerKey) => (k.status === 'retired' ? t('issuerKeys.status.retired', { date: formatDateTime(k.retiredAt) }) : t(`issuerKeys.status.${k.status}`));

  return (
    <section aria-labelledby="issuer-keys-heading" className="section">
      <h2 id="issuer-keys-heading">{t('issuerKeys.title')}</h2>
      <p>{t('issuerKeys.intro')}</p>
      {issuer.identity === 'did:key' && <Notice tone="info">{t('issuerKeys.noRetireDidKey')}</Notice>}
      <p>
        <Button variant="secondary" onClick={() => setRotating(true)}>
          {t('issuerKeys.rotate')}
        </Button>
      </p>
      <LoadState loading={keys.loading && !keys.data} error={keys.error} retry={keys.reload}>
        <DataTable
          caption={t('issuerKeys.caption')}
          columns={[
            { header: t('issuerKeys.col.algorithm'), primary: true, className: '', cell: (k) => k.algorithm },
            { header: t('issuerKeys.col.status'), cell: statusText },
            { header: t('issuerKeys.col.created'), cell: (k) => formatDate(k.createdAt) },
            { header: t('issuerKeys.col.method'), cell: (k) => <code className="did">{k.verificationMethod}</code> },
            issuer.identity === 'did:web' && {
              header: t('issuerKeys.col.actions'),
              cell: (k) =>
                k.status === 'previous' && (
                  <Button variant="secondary" aria-label={t('issuerKeys.retireLabel', { algorithm: k.algorithm, date: formatDate(k.createdAt) })} onClick={() => setRetiring(k)}>
                    {t('issuerKeys.retire')}
                  </Button>
                ),
            },
          ]}
          rows={keys.data?.items ?? []}
          rowKey={(k) => k.id}
        />
      </LoadState>
      <ActionDialog
        open={rotating}
        title={t('issuerKeys.rotateTitle')}
        body={t('issuerKeys.rotateBody')}
        confirmLabel={t('issuerKeys.rotateConfirm')}
        variant="primary"
        action={rotate}
        onClose={() => setRotating(false)}
      />
      <RetireDialog
        issuerId={issuer.id}
        keyToRetire={retiring}
        onClose={() => setRetiring(null)}
        onRetired={() => {
          setRetiring(null);
          keys.reload();
          show(t('issuerKeys.retired'));
        }}
      />
    </section>
  );
}

function RetireDialog({ issuerId, keyToRetire, onClose, onRetired }: { issuerId: string; keyToRetire: IssuerKey | null; onClose: () => void; onRetired: () => void }) {
  const { t } = useI18n();
  const submit = useSubmit(async (form: HTMLFormElement) => {
    if (!keyToRetire) return;
    await retireIssuerKey(issuerId, keyToRetire.id, dateInputToIso(formValues(form).retiredAt));
    onRetired();
  });
  const fieldError = useFieldError(submit.error);
  return (
    <ActionDialog
      open={keyToRetire !== null}
      title={t('issuerKeys.retireTitle')}
      body={t('issuerKeys.retireBody')}
      confirmLabel={t('issuerKeys.retireConfirm')}
      action={submit}
      labels={{ retiredAt: t('issuerKeys.retireDate') }}
      onClose={onClose}
    >
      <TextField name="retiredAt" type="date" label={t('issuerKeys.retireDate')} hint={t('issuerKeys.retireDateHint')} error={fieldError('retiredAt')} />
    </ActionDialog>
  );
}
