import { useState, type FormEvent } from 'react';
import { importOwnCredential, listImportedCredentials, type ImportOwnBody } from '../../api/imports';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { ErrorSummary } from '../ErrorSummary';
import { FieldShell, TextAreaField, TextField } from '../Field';
import { Notice } from '../Notice';
import { DataTable } from '../Table';

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The earner adds a badge from another issuer (OB 2.0 / 3.0: file, link or text); the server verifies it first. */
export function ImportOwnBadge() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [added, setAdded] = useState(false);
  const [version, setVersion] = useState(0);
  const list = useLoad(async () => (await listImportedCredentials()).items, [version]);
  const submit = useSubmit(async () => {
    setAdded(false);
    const body: ImportOwnBody = file ? { file: await base64Of(file) } : url.trim() ? { url: url.trim() } : { credential: text.trim() };
    await importOwnCredential(body);
    setAdded(true);
    setFile(null);
    setUrl('');
    setText('');
    setVersion((v) => v + 1);
  });
  const ready = file !== null || url.trim() !== '' || text.trim() !== '';
  return (
    <section className="section" aria-labelledby="import-own">
      <h2 id="import-own">{t('backpackImport.title')}</h2>
      <p className="muted">{t('backpackImport.intro')}</p>
      <ErrorSummary error={submit.error} labels={{ file: t('backpackImport.file'), url: t('backpackImport.url'), credential: t('backpackImport.text') }} />
      {added && (
        <Notice>
          <p>{t('backpackImport.added')}</p>
        </Notice>
      )}
      <form
        className="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void submit.run();
        }}
      >
        <FieldShell name="badgeFile" label={t('backpackImport.file')} hint={t('backpackImport.fileHint')} optional>
          {(control) => <input key={version} type="file" accept=".png,.svg,.pdf,.json,image/png,image/svg+xml,application/pdf,application/json" className="input input-file" {...control} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </FieldShell>
        <TextField name="badgeUrl" type="url" label={t('backpackImport.url')} optional value={url} onChange={(e) => setUrl(e.target.value)} />
        <TextAreaField name="badgeText" label={t('backpackImport.text')} optional rows={3} className="input input-mono" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
        <div className="form-actions">
          <Button type="submit" busy={submit.pending} disabled={!ready}>
            {t('backpackImport.submit')}
          </Button>
        </div>
      </form>
      <DataTable
        caption={t('backpackImport.listTitle')}
        captionHidden={false}
        columns={[
          { header: t('backpackImport.name'), cell: (c) => c.name ?? t('backpackImport.unnamed') },
          { header: t('backpackImport.issuer'), cell: (c) => c.issuerName ?? c.issuer },
          { header: t('backpackImport.issued'), cell: (c) => new Date(c.issuedAt).toLocaleDateString() },
        ]}
        rows={list.data ?? []}
        rowKey={(c) => c.id}
        empty={t('backpackImport.none')}
      />
    </section>
  );
}
