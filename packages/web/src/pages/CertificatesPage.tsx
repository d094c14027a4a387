import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { listAchievements } from '../api/badges';
import { deleteCertificateTemplate, listCertificateTemplates, previewCertificate, saveCertificateTemplate, type CertificateDesign } from '../api/certificates';
import { uploadImage } from '../api/images';
import { isApiError } from '../api/problem';
import { Button } from '../components/Button';
import { RadioGroup, Checkbox } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { DEFAULT_DESIGN, KIND_TARGETS, MAX_SIGNATORIES, previewKind } from './certificates/design';

const ACCEPT = 'image/png,image/svg+xml,image/jpeg,image/webp';

/** An image chooser: uploads through /api/v1/images (checked and sanitised there) and keeps the stored image's id. */
function ImageChooser({ name, label, hint, value, onChange }: { name: string; label: string; hint?: string; value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useI18n();
  const upload = useSubmit(async (file: File) => onChange((await uploadImage(file)).id));
  return (
    <div>
      <ErrorSummary error={upload.error} labels={{ file: label }} />
      <TextField name={name} type="file" accept={ACCEPT} label={label} hint={hint} optional onChange={(e: ChangeEvent<HTMLInputElement>) => {
        const file = e.currentTarget.files?.[0];
        if (file) void upload.run(file);
      }} />
      {value && (
        <p>
          <img className="artwork-preview" src={`/images/${encodeURIComponent(value)}.png`} alt="" />{' '}
          {t('certificates.imageSet')}{' '}
          <Button variant="secondary" onClick={() => onChange(null)}>{t('certificates.removeImage')}</Button>
        </p>
      )}
    </div>
  );
}

/** How often a preview the server was too busy to draw (503) is asked again, and after how long. */
const BUSY_RETRIES = 3;
const BUSY_RETRY_MS = 2_000;

/**
 * Redraws the specimen PDF shortly after the design stops changing (the previous request is cancelled);
 * a preview the server was too busy to draw is asked again a few times before the error shows.
 */
function usePreview(input: Parameters<typeof previewCertificate>[0]) {
  const [url, setUrl] = useState<string | null>(null);
  const [state, setState] = useState<{ pending: boolean; error: string | null }>({ pending: false, error: null });
  const key = JSON.stringify(input);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const draw = (attempt: number) => {
      setState({ pending: true, error: null });
      previewCertificate(JSON.parse(key) as typeof input, controller.signal).then(
        (blob) => {
          setUrl((old) => {
            if (old) URL.revokeObjectURL(old);
            return URL.createObjectURL(blob);
          });
          setState({ pending: false, error: null });
        },
        (error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          if (isApiError(error) && error.status === 503 && attempt < BUSY_RETRIES) {
            timer = setTimeout(() => draw(attempt + 1), BUSY_RETRY_MS);
            return;
          }
          setState({ pending: false, error: error instanceof Error ? error.message : String(error) });
        },
      );
    };
    timer = setTimeout(() => draw(0), 500);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);
  return { url, ...state };
}

export function CertificatesPage() {
  const { t, locale } = useI18n();
  const { show } = useFlash();
  const templates = useLoad(listCertificateTemplates, []);
  const achievements = useLoad(() => listAchievements({ limit: 100 }), []);
  const [target, setTarget] = useState('default');
  const [design, setDesign] = useState<CertificateDesign>(DEFAULT_DESIGN);
  const [sampleName, setSampleName] = useState('Ada Lovelace');
  const stored = templates.data?.items.find((item) => item.target === target);
  useEffect(() => setDesign(stored?.design ?? DEFAULT_DESIGN), [stored, target]);
  const kinds = useMemo(() => Object.fromEntries((achievements.data?.items ?? []).map((a) => [a.id, a.kind])), [achievements.data]);
  const achievement = target.startsWith('achievement:') ? achievements.data?.items.find((a) => a.id === target.slice(12)) : undefined;
  const preview = usePreview({ design, kind: previewKind(target, kinds), recipientName: sampleName.trim() || 'Ada Lovelace', achievementName: achievement?.name ?? t('certificates.title'), issuerName: 'Laurel', locale });
  const set = (changes: Partial<CertificateDesign>) => setDesign((d) => ({ ...d, ...changes }));
  const save = useSubmit(async () => {
    await saveCertificateTemplate(target, design);
    templates.reload();
    show(t('certificates.saved'));
  });
  const remove = useSubmit(async () => {
    await deleteCertificateTemplate(target);
    templates.reload();
    show(t('certificates.deleted'));
  });
  const fieldError = useFieldError(save.error);
  const targets = [
    ...KIND_TARGETS.map((k) => ({ value: k, label: t(`certificates.target.${k}`) })),
    ...(achievements.data?.items ?? []).map((a) => ({ value: `achievement:${a.id}`, label: t('certificates.target.achievement', { name: a.name }) })),
  ];
  const signatory = (i: number, changes: Partial<CertificateDesign['signatories'][number]>) => set({ signatories: design.signatories.map((s, n) => (n === i ? { ...s, ...changes } : s)) });

  return (
    <>
      <PageHeader title={t('certificates.title')} intro={t('certificates.intro')} />
      <LoadState loading={templates.loading} error={templates.error} retry={templates.reload}>
        <div className="certificate-editor">
          <div>
            <SelectField name="target" label={t('certificates.target')} value={target} onChange={(e) => setTarget(e.currentTarget.value)} options={targets} />
            {!stored && <Notice tone="info">{t('certificates.inherited')}</Notice>}
            <ErrorSummary error={save.error ?? remove.error} />
            <SubmitForm action={save}>
              <fieldset className="fieldset">
                <legend className="field-label">{t('certificates.page')}</legend>
                <RadioGroup name="orientation" legend={t('certificates.orientation')} inline value={design.orientation} onChange={(v) => set({ orientation: v as CertificateDesign['orientation'] })} options={(['landscape', 'portrait'] as const).map((v) => ({ value: v, label: t(`certificates.orientation.${v}`) }))} />
                <SelectField name="pageSize" label={t('certificates.pageSize')} value={design.pageSize} onChange={(e) => set({ pageSize: e.currentTarget.value as CertificateDesign['pageSize'] })} options={(['auto', 'a4', 'letter'] as const).map((v) => ({ value: v, label: t(`certificates.pageSize.${v}`) }))} />
              </fieldset>
              <fieldset className="fieldset">
                <legend className="field-label">{t('certificates.colours')}</legend>
                <Checkbox name="kindColor" label={t('certificates.kindColor')} checked={design.accentColor === null} onChange={(e) => set({ accentColor: e.currentTarget.checked ? null : '#2f855a' })} />
                {design.accentColor !== null && <TextField name="accentColor" type="color" label={t('certificates.accentColor')} value={design.accentColor} onChange={(e) => set({ accentColor: e.currentTarget.value })} error={fieldError('accentColor')} />}
                <TextField name="inkColor" type="color" label={t('certificates.inkColor')} value={design.inkColor} onChange={(e) => set({ inkColor: e.currentTarget.value })} error={fieldError('inkColor')} />
                <TextField name="title" label={t('certificates.titleText')} hint={t('certificates.titleHint')} optional maxLength={80} value={design.title ?? ''} onChange={(e) => set({ title: e.currentTarget.value || null })} error={fieldError('title')} />
              </fieldset>
              <fieldset className="fieldset">
                <legend className="field-label">{t('certificates.branding')}</legend>
                <ImageChooser name="logo" label={t('certificates.logo')} hint={t('certificates.logoHint')} value={design.logoImageId} onChange={(id) => set({ logoImageId: id })} />
                <RadioGroup name="seal" legend={t('certificates.seal')} value={design.seal} onChange={(v) => set({ seal: v as CertificateDesign['seal'] })} options={(['badge', 'image', 'none'] as const).map((v) => ({ value: v, label: t(`certificates.seal.${v}`) }))} />
                {design.seal === 'image' && <ImageChooser name="sealImage" label={t('certificates.sealImage')} value={design.sealImageId} onChange={(id) => set({ sealImageId: id })} />}
              </fieldset>
              <fieldset className="fieldset">
                <legend className="field-label">{t('certificates.signatories')}</legend>
                <p className="field-hint">{t('certificates.signatoriesHint')}</p>
                {design.signatories.map((s, i) => (
                  <fieldset className="fieldset" key={i}>
                    <legend className="field-label">{t('certificates.signatory', { n: i + 1 })}</legend>
                    <TextField name={`signatories.${i}.name`} label={t('certificates.signatoryName')} required maxLength={120} value={s.name} onChange={(e) => signatory(i, { name: e.currentTarget.value })} error={fieldError(`signatories.${i}.name`)} />
                    <TextField name={`signatories.${i}.title`} label={t('certificates.signatoryTitle')} optional maxLength={120} value={s.title} onChange={(e) => signatory(i, { title: e.currentTarget.value })} />
                    <ImageChooser name={`signature${i}`} label={t('certificates.signature')} value={s.signatureImageId} onChange={(id) => signatory(i, { signatureImageId: id })} />
                    <Button variant="secondary" onClick={() => set({ signatories: design.signatories.filter((_, n) => n !== i) })}>{t('certificates.removeSignatory', { n: i + 1 })}</Button>
                  </fieldset>
                ))}
                {design.signatories.length < MAX_SIGNATORIES && (
                  <Button variant="secondary" onClick={() => set({ signatories: [...design.signatories, { name: '', title: '', signatureImageId: null }] })}>{t('certificates.addSignatory')}</Button>
                )}
              </fieldset>
              <FormActions label={t('common.save')} busy={save.pending} />
            </SubmitForm>
            {stored && <Button variant="secondary" busy={remove.pending} onClick={() => void remove.run()}>{t('certificates.remove')}</Button>}
          </div>
          <section aria-labelledby="certificate-preview-heading" className="certificate-preview">
            <h2 id="certificate-preview-heading">{t('certificates.preview')}</h2>
            <p className="field-hint">{t('certificates.previewHint')}</p>
            <TextField name="sampleName" label={t('certificates.sampleName')} maxLength={200} value={sampleName} onChange={(e) => setSampleName(e.currentTarget.value)} />
            <p role="status" aria-live="polite">{preview.pending ? t('certificates.previewing') : ''}</p>
            {preview.error && <Notice tone="warning">{t('certificates.previewFailed', { reason: preview.error })}</Notice>}
            {preview.url && (
              <>
                <iframe className="certificate-frame" title={t('certificates.previewFrame')} src={preview.url} />
                <p>
                  <a href={preview.url} target="_blank" rel="noreferrer">{t('certificates.previewOpen')}</a>
                </p>
              </>
            )}
          </section>
        </div>
      </LoadState>
    </>
  );
}
