import { useState, type ChangeEvent, type FormEvent } from 'react';
import { listImports, startImport, type StartImportBody } from '../api/imports';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { FieldShell, SelectField, TextAreaField, TextField } from '../components/Field';
import { ImportProgress } from '../components/imports/ImportProgress';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { newIdempotencyKey } from '../lib/form';
import { useIssuerList } from '../lib/lookups';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { navigate, useSearchParam } from '../router/navigation';

type Source = StartImportBody['source'];
const COLUMN_FIELDS = ['originalId', 'email', 'name', 'achievement', 'issuedOn'] as const;
const DEFAULT_COLUMNS: Record<(typeof COLUMN_FIELDS)[number], string> = { originalId: 'id', email: 'email', name: 'name', achievement: 'achievement', issuedOn: 'issued_on' };

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bring an organisation's history: a Badgr export, OB 2.0 assertions or another provider's CSV, re-issued as OB 3.0. */
export function ImportPage() {
  const { t } = useI18n();
  const importId = useSearchParam('import');
  const issuers = useIssuerList();
  const recent = useLoad(async () => (await listImports()).items, [importId]);
  const [issuerId, setIssuerId] = useState('');
  const [source, setSource] = useState<Source>('badgr');
  const [files, setFiles] = useState<File[]>([]);
  const [urls, setUrls] = useState('');
  const [email, setEmail] = useState('');
  const [columns, setColumns] = useState(DEFAULT_COLUMNS);
  const [notify, setNotify] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [readError, setReadError] = useState<string | null>(null);

  const start = useSubmit(async () => {
    setReadError(null);
    let body: StartImportBody;
    try {
      body = await bodyOf();
    } catch {
      setReadError(t('imports.unreadable'));
      return;
    }
    const started = await startImport(body, idempotencyKey);
    navigate(`/imports?import=${encodeURIComponent(started.id)}`);
  });
  const fieldError = useFieldError(start.error);

  async function bodyOf(): Promise<StartImportBody> {
    const base = { issuerId, source, notify };
    if (source === 'badgr') return { ...base, export: JSON.parse(await files[0]!.text()) as unknown };
    if (source === 'csv') return { ...base, csv: await files[0]!.text(), columns };
    const withEmail = email.trim() ? { email: email.trim() } : {};
    const fromUrls = urls.split('\n').map((u) => u.trim()).filter(Boolean).map((url) => ({ url, ...withEmail }));
    const fromFiles = await Promise.all(
      files.map(async (f) => (f.name.toLowerCase().endsWith('.json') ? { assertion: JSON.parse(await f.text()) as unknown, ...withEmail } : { image: await base64Of(f), ...withEmail })),
    );
    return { ...base, assertions: [...fromUrls, ...fromFiles] };
  }

  const ready = issuerId !== '' && (files.length > 0 || (source === 'ob2' && urls.trim() !== ''));

  return (
    <>
      <PageHeader title={t('imports.title')} intro={t('imports.intro')} />
      {importId ? (
        <>
          <ImportProgress key={importId} importId={importId} />
          <p className="section">
            <Link to="/imports">{t('imports.another')}</Link>
          </p>
        </>
      ) : (
        <LoadState loading={issuers.loading} error={issuers.error} retry={issuers.reload}>
          <ErrorSummary error={start.error} labels={{ issuerId: t('imports.issuer'), csv: t('imports.file'), export: t('imports.file'), assertions: t('imports.file') }} />
          {readError && <p role="alert" className="field-error">{readError}</p>}
          <form
            className="form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void start.run();
            }}
          >
            <SelectField name="issuerId" label={t('imports.issuer')} hint={t('imports.issuerHint')} required value={issuerId} onChange={(e) => setIssuerId(e.target.value)} placeholder={t('imports.chooseIssuer')} options={(issuers.data ?? []).map((i) => ({ value: i.id, label: i.name }))} error={fieldError('issuerId')} />
            <SelectField
              name="source"
              label={t('imports.source')}
              value={source}
              onChange={(e) => {
                setSource(e.target.value as Source);
                setFiles([]);
              }}
              options={(['badgr', 'ob2', 'csv'] as const).map((s) => ({ value: s, label: t(`imports.source.${s}`) }))}
            />
            <FieldShell name="importFile" label={t('imports.file')} hint={t(`imports.fileHint.${source}`)} optional={source === 'ob2'}>
              {(control) => (
                <input
                  key={source}
                  type="file"
                  multiple={source === 'ob2'}
                  accept={source === 'badgr' ? '.json,application/json' : source === 'csv' ? '.csv,text/csv,text/plain' : '.png,.svg,.json,image/png,image/svg+xml,application/json'}
                  className="input input-file"
                  {...control}
                  onChange={(e: ChangeEvent<HTMLInputElement>) => setFiles([...(e.target.files ?? [])])}
                />
              )}
            </FieldShell>
            {source === 'ob2' && (
              <>
                <TextAreaField name="urls" label={t('imports.urls')} hint={t('imports.urlsHint')} optional rows={4} className="input input-mono" value={urls} onChange={(e) => setUrls(e.target.value)} />
                <TextField name="email" type="email" label={t('imports.email')} hint={t('imports.emailHint')} optional value={email} onChange={(e) => setEmail(e.target.value)} />
              </>
            )}
            {source === 'csv' && (
              <fieldset className="fieldset">
                <legend>{t('imports.columns')}</legend>
                {COLUMN_FIELDS.map((f) => (
                  <TextField key={f} name={`column-${f}`} label={t(`imports.column.${f}`)} value={columns[f]} onChange={(e) => setColumns({ ...columns, [f]: e.target.value })} />
                ))}
              </fieldset>
            )}
            <Checkbox name="notify" label={t('imports.notify')} checked={notify} onChange={(e) => setNotify(e.target.checked)} />
            <div className="form-actions">
              <Button type="submit" busy={start.pending} disabled={!ready}>
                {t('imports.start')}
              </Button>
            </div>
          </form>
        </LoadState>
      )}
      <section className="section" aria-labelledby="recent-imports">
        <h2 id="recent-imports">{t('imports.recent')}</h2>
        <DataTable
          caption={t('imports.recent')}
          columns={[
            { header: t('imports.started'), cell: (m) => <Link to={`/imports?import=${encodeURIComponent(m.id)}`}>{new Date(m.createdAt).toLocaleString()}</Link> },
            { header: t('imports.source'), cell: (m) => t(`imports.source.${m.source}`) },
            { header: t('imports.totals'), cell: (m) => t('imports.totalsValue', { imported: m.imported, skipped: m.skipped, failed: m.failed, total: m.total }) },
          ]}
          rows={recent.data ?? []}
          rowKey={(m) => m.id}
          empty={t('imports.none')}
        />
      </section>
    </>
  );
}
