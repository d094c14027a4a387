import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { previewBulk, startBulk } from '../api/bulk';
import type { BulkPreview } from '../api/types';
import { BulkImports } from '../components/BulkImports';
import { BulkPreviewTable } from '../components/BulkPreviewTable';
import { BulkProgress } from '../components/BulkProgress';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Choice';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { FieldShell, SelectField, TextAreaField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { NeedAchievementNotice } from '../components/NeedAchievementNotice';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { issueText } from '../lib/bulk';
import { newIdempotencyKey } from '../lib/form';
import { useAchievementList } from '../lib/lookups';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { navigate, useSearchParam } from '../router/navigation';

/** Award an achievement to every row of a CSV: check it first, then award the valid rows in the background. */
export function BulkAwardPage() {
  const { t, dateOrder } = useI18n();
  const importId = useSearchParam('import');
  const achievements = useAchievementList();
  const preselected = useSearchParam('achievementId') ?? '';
  const active = useMemo(() => (achievements.data ?? []).filter((a) => !a.archived), [achievements.data]);
  const [achievementId, setAchievementId] = useState('');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  useEffect(() => {
    if (!achievementId && active.length > 0) setAchievementId(active.some((a) => a.id === preselected) ? preselected : active.length === 1 ? active[0]!.id : '');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once the list arrives
  }, [active]);

  // A changed CSV or achievement needs a fresh check (and a fresh idempotency key).
  const edited = () => {
    setPreview(null);
    setIdempotencyKey(newIdempotencyKey());
  };

  const check = useSubmit(async () => {
    setPreview(await previewBulk(achievementId, csv, dateOrder));
  });
  const start = useSubmit(async () => {
    const started = await startBulk(achievementId, csv, dateOrder, idempotencyKey);
    navigate(`/award/bulk?import=${encodeURIComponent(started.import.id)}`);
  });
  const error = check.error ?? start.error;
  const fieldError = useFieldError(error);
  const labels = { achievementId: t('bulk.achievement'), csv: t('bulk.csv') };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    edited();
  };

  if (importId) {
    return (
      <>
        <PageHeader title={t('bulk.title')} />
        <BulkProgress key={importId} importId={importId} achievements={achievements.byId} />
        <p className="section">
          <Link to="/award/bulk">{t('bulk.another')}</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('bulk.title')} intro={t('bulk.intro')} />
      <LoadState loading={achievements.loading} error={achievements.error} retry={achievements.reload}>
        {achievements.data && active.length === 0 && <NeedAchievementNotice />}
        {active.length > 0 && (
          <>
            <ErrorSummary error={error} labels={labels} />
            <form
              className="form"
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                void check.run();
              }}
            >
              <SelectField
                name="achievementId"
                label={labels.achievementId}
                required
                value={achievementId}
                onChange={(e) => {
                  setAchievementId(e.target.value);
                  edited();
                }}
                placeholder={t('award.chooseAchievement')}
                options={active.map((a) => ({ value: a.id, label: `${a.name} (${t(`kind.${a.kind}`)})` }))}
                error={fieldError('achievementId')}
              />
              <FieldShell name="csvFile" label={t('bulk.file')} hint={t('bulk.fileHint')} optional>
                {(control) => <input type="file" accept=".csv,text/csv,text/plain" className="input input-file" {...control} onChange={(e) => void readFile(e)} />}
              </FieldShell>
              {fileName && <p className="muted">{t('bulk.fileRead', { name: fileName })}</p>}
              <TextAreaField
                name="csv"
                label={labels.csv}
                hint={t('bulk.csvHint')}
                required
                rows={8}
                className="input input-mono"
                spellCheck={false}
                value={csv}
                onChange={(e) => {
                  setCsv(e.target.value);
                  edited();
                }}
                error={fieldError('csv')}
              />
              <div className="form-actions">
                <Button type="submit" variant={preview ? 'secondary' : 'primary'} busy={check.pending} disabled={!achievementId || csv.trim() === ''}>
                  {t('bulk.check')}
                </Button>
              </div>
            </form>
            {preview && (
              <ErrorBoundary
                resetKey={preview}
                fallback={
                  <Notice tone="warning">
                    <p>{t('bulk.previewFailed')}</p>
                  </Notice>
                }
              >
                <section className="section" aria-labelledby="bulk-preview">
                  <h2 id="bulk-preview">{t('bulk.previewTitle')}</h2>
                  {preview.invalid > 0 ? (
                    <Notice tone="warning">
                      <p>{t(preview.invalid === 1 ? 'bulk.invalidOne' : 'bulk.invalidMany', { n: preview.invalid, total: preview.total, rows: preview.rows.filter((r) => r.errors.length > 0).map((r) => r.row).slice(0, 20).join(', ') })}</p>
                    </Notice>
                  ) : (
                    <Notice tone="info">
                      <p>{t('bulk.allValid', { total: preview.total })}</p>
                    </Notice>
                  )}
                  {preview.warnings.length > 0 && (
                    <Notice tone="info">
                      <p>{t('bulk.fileWarnings')}</p>
                      <ul>
                        {preview.warnings.map((w) => (
                          <li key={`${w.code}:${w.column ?? ''}`}>{issueText(w, t)}</li>
                        ))}
                      </ul>
                    </Notice>
                  )}
                  {preview.invalid > 0 && <Checkbox name="problemsOnly" label={t('bulk.problemsOnly')} checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />}
                  <BulkPreviewTable preview={preview} problemsOnly={problemsOnly} />
                  <div className="form-actions">
                    <Button busy={start.pending} disabled={preview.valid === 0} onClick={() => void start.run()}>
                      {t(preview.valid === 1 ? 'bulk.awardOne' : 'bulk.awardMany', { n: preview.valid })}
                    </Button>
                  </div>
                </section>
              </ErrorBoundary>
            )}
          </>
        )}
      </LoadState>
      <BulkImports achievements={achievements.byId} />
    </>
  );
}
