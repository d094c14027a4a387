import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { verifyBadge, type VerifyInput } from '../api/verify';
import { Button } from '../components/Button';
import { RadioGroup } from '../components/Choice';
import { FieldShell, TextAreaField, TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { VerifyResult, type VerifyOutcome } from '../components/VerifyResult';
import { useI18n } from '../i18n/useI18n';
import { optional } from '../lib/form';
import { verifyLinkFromQuery } from '../lib/verify-query';

type Source = 'file' | 'text' | 'url';

/** Public: verify any Open Badge from a dropped or chosen file, pasted JSON / JWS, or a link. */
export function VerifyPage() {
  const { t } = useI18n();
  // `/verify?url=…` (a "Verify" link or the PDF's QR code): the link is prefilled and verified at once.
  const [linked] = useState(() => verifyLinkFromQuery(window.location.search));
  const [source, setSource] = useState<Source>(linked ? 'url' : 'file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [url, setUrl] = useState(linked ?? '');
  const [recipient, setRecipient] = useState('');
  const [dragging, setDragging] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);
  const [missing, setMissing] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const input = (): VerifyInput | null => {
    if (source === 'file') return file ? { kind: 'file', file } : null;
    if (source === 'text') return text.trim() ? { kind: 'text', text: text.trim() } : null;
    return url.trim() ? { kind: 'url', url: url.trim() } : null;
  };

  const run = async (what: VerifyInput) => {
    setPending(true);
    setOutcome(null);
    try {
      setOutcome({ report: await verifyBadge(what, optional(recipient.trim())) });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setPending(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    const what = input();
    setMissing(what === null);
    if (!what || pending) return;
    await run(what);
  };

  const started = useRef(false);
  useEffect(() => {
    // Once per page load (React's development double effects included).
    if (!linked || started.current) return;
    started.current = true;
    void run({ kind: 'url', url: linked });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run once, for the link in the address
  }, [linked]);

  const choose = (chosen: File | undefined) => {
    if (!chosen) return;
    setSource('file');
    setFile(chosen);
    setMissing(false);
    setOutcome(null);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files;
    if (dropped.length === 0) return;
    choose(dropped[0]);
    // Show the dropped file in the file control too, once it is in the page.
    requestAnimationFrame(() => {
      if (fileInput.current) fileInput.current.files = dropped;
    });
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  return (
    <>
      <PageHeader title={t('verify.title')} intro={t('verify.intro')} />
      <form className="form verify-form" onSubmit={(e) => void verify(e)} noValidate onDragOver={over} onDrop={drop}>
        <RadioGroup
          name="source"
          legend={t('verify.source')}
          inline
          value={source}
          onChange={(value) => {
            setSource(value as Source);
            setMissing(false);
          }}
          options={[
            { value: 'file', label: t('verify.source.file') },
            { value: 'text', label: t('verify.source.text') },
            { value: 'url', label: t('verify.source.url') },
          ]}
        />
        {source === 'file' && (
          <div className={`dropzone${dragging ? ' dropzone-active' : ''}`} onDragLeave={() => setDragging(false)} data-testid="dropzone">
            <FieldShell name="file" label={t('verify.file')} hint={t('verify.fileHint')} error={missing ? t('verify.missing.file') : undefined} optional={false}>
              {(control) => (
                <input
                  ref={fileInput}
                  type="file"
                  className="input input-file"
                  accept=".png,.svg,.pdf,.json,.jsonld,.jwt,.jws,.txt,image/png,image/svg+xml,application/pdf,application/json,application/ld+json,text/plain"
                  {...control}
                  onChange={(e) => choose(e.target.files?.[0])}
                />
              )}
            </FieldShell>
            <p className="dropzone-file" aria-live="polite">
              {file ? t('verify.chosen', { name: file.name }) : t('verify.dropHere')}
            </p>
          </div>
        )}
        {source === 'text' && (
          <TextAreaField
            name="text"
            label={t('verify.text')}
            hint={t('verify.textHint')}
            rows={8}
            className="input input-mono"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={missing ? t('verify.missing.text') : undefined}
            optional={false}
          />
        )}
        {source === 'url' && (
          <TextField name="url" type="url" label={t('verify.url')} hint={t('verify.urlHint')} value={url} onChange={(e) => setUrl(e.target.value)} error={missing ? t('verify.missing.url') : undefined} optional={false} />
        )}
        <TextField name="recipient" type="email" label={t('verify.recipient')} hint={t('verify.recipientHint')} value={recipient} onChange={(e) => setRecipient(e.target.value)} autoComplete="email" />
        <div className="form-actions">
          <Button type="submit" busy={pending}>
            {t('verify.submit')}
          </Button>
        </div>
      </form>
      <VerifyResult outcome={outcome} pending={pending} />
    </>
  );
}
