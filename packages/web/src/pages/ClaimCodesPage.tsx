import { useState } from 'react';
import { getAchievement } from '../api/badges';
import { createClaimCode, listClaimCodes, withdrawClaimCode, type ClaimCode, type CreatedClaimCode } from '../api/claim-codes';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Choice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyField } from '../components/CopyField';
import { useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { FormSection } from '../components/FormSection';
import { ListSection } from '../components/ListSection';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useConfirm } from '../lib/useConfirm';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Award by link: an achievement's claim codes, a new one's printable link and QR code (shown once). */
export function ClaimCodesPage({ params }: { params?: Readonly<Record<string, string>> }) {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const achievementId = params?.id ?? '';
  const achievement = useLoad(() => getAchievement(achievementId), [achievementId]);
  const codes = useLoad(() => listClaimCodes(achievementId), [achievementId]);
  const [created, setCreated] = useState<CreatedClaimCode | null>(null);
  const [formKey, setFormKey] = useState(0);

  const create = useSubmit(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const label = String(data.get('label') ?? '').trim();
    const day = String(data.get('expiresAt') ?? '');
    const made = await createClaimCode(achievementId, {
      expiresAt: day ? new Date(`${day}T23:59:59`).toISOString() : '',
      maxUses: Number(data.get('maxUses') ?? 0),
      verifyEmail: data.get('verifyEmail') === 'on',
      ...(label ? { label } : {}),
    });
    setCreated(made);
    setFormKey((k) => k + 1);
    codes.reload();
  });
  const withdrawing = useConfirm(async (code: ClaimCode) => {
    await withdrawClaimCode(code.id);
    show(t('claimCodes.withdrawnFlash'));
    codes.reload();
  });
  const fieldError = useFieldError(create.error);
  const labels = { label: t('claimCodes.label'), expiresAt: t('claimCodes.expiresAt'), maxUses: t('claimCodes.maxUses') };
  const name = achievement.data?.name ?? '';
  const state = (c: ClaimCode) =>
    c.withdrawnAt ? t('claimCodes.withdrawn') : Date.parse(c.expiresAt) <= Date.now() ? t('claimCodes.expired') : c.uses >= c.maxUses ? t('claimCodes.usedUp') : t('claimCodes.live');

  return (
    <>
      <PageHeader title={achievement.data ? t('claimCodes.title', { name }) : t('claimCodes.titleLoading')} intro={t('claimCodes.intro')} />
      {created && (
        <section className="section claim-code-print" aria-labelledby="claim-created-title">
          <h2 id="claim-created-title">{t('claimCodes.created')}</h2>
          <p>{t('claimCodes.createdHint')}</p>
          <img className="wallet-qr" src={created.qrCode} width={320} height={320} alt={t('claimCodes.qrAlt', { name })} />
          <CopyField name="claim-url" label={t('claimCodes.url')} value={created.url} />
          <p>
            <Button variant="secondary" onClick={() => window.print()}>
              {t('claimCodes.print')}
            </Button>
          </p>
        </section>
      )}
      <ListSection
        list={codes}
        error={codes.error ?? achievement.error}
        caption={t('claimCodes.caption')}
        columns={[
          { header: t('claimCodes.col.label'), primary: true, cell: (c) => c.label ?? t('claimCodes.untitled') },
          { header: t('claimCodes.col.uses'), cell: (c) => t('claimCodes.usesOf', { uses: c.uses, max: c.maxUses }) },
          { header: t('claimCodes.col.expires'), cell: (c) => formatDate(c.expiresAt) },
          { header: t('claimCodes.col.status'), cell: state },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (c) =>
              !c.withdrawnAt && <RowActionButton label={t('claimCodes.withdraw')} target={t('claimCodes.withdrawTarget', { label: c.label ?? t('claimCodes.untitled') })} onClick={() => withdrawing.ask(c)} />,
          },
        ]}
        rowKey={(c) => c.id}
        empty={t('claimCodes.empty')}
      />
      <FormSection title={t('claimCodes.new')} action={create} labels={labels} submitLabel={t('claimCodes.submit')} resetKey={formKey}>
        <TextField name="label" label={t('claimCodes.label')} hint={t('claimCodes.labelHint')} maxLength={200} error={fieldError('label')} />
        <TextField name="expiresAt" type="date" label={t('claimCodes.expiresAt')} required defaultValue={inDays(7)} error={fieldError('expiresAt')} />
        <TextField name="maxUses" type="number" min={1} max={100000} label={t('claimCodes.maxUses')} required defaultValue="100" error={fieldError('maxUses')} />
        <Checkbox name="verifyEmail" label={t('claimCodes.verifyEmail')} />
      </FormSection>
      <ConfirmDialog confirming={withdrawing} title={t('claimCodes.withdraw')} body={(c) => t('claimCodes.withdrawTarget', { label: c.label ?? t('claimCodes.untitled') })} confirmLabel={t('claimCodes.withdraw')} />
    </>
  );
}
