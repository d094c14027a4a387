import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { generateImage, getDesignOptions, previewUrl, type BadgeDesign, type DesignOptions, type StoredImage } from '../../api/images';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { Button } from '../Button';
import { ErrorSummary } from '../ErrorSummary';
import { SelectField, TextField } from '../Field';
import { Notice } from '../Notice';
import { artworkEn } from '../../i18n/messages/artwork';
import { useDebounced } from './useDebounced';
import { useLeaveGuard } from '../../router/leave-guard';
import { clearDesignDraft, readDesignDraft, writeDesignDraft } from './design-draft';

/** What the form asks of an open designer when the achievement is saved. */
export interface DesignHandle {
  /** The URL of the image of the design as it is now: generated and stored unless that was already done. */
  resolve(): Promise<string>;
  /** Forget the draft kept for this tab (the achievement was saved with it). */
  clearDraft(): void;
}

const FALLBACK: DesignOptions = { shapes: ['circle', 'shield', 'hexagon', 'ribbon', 'square'], icons: ['star', 'check', 'book', 'code', 'shield', 'trophy', 'heart', 'lightning', 'leaf', 'rocket'] };

/** A translated label for a server-provided name, or the name itself when the catalogue has none. */
function useOptionLabel(prefix: 'artwork.shape' | 'artwork.icon') {
  const { t } = useI18n();
  return (name: string) => {
    const key = `${prefix}.${name}`;
    return key in artworkEn ? t(key as MessageKey) : name;
  };
}

/**
 * Design a badge with a live preview (drawn by the server, nothing stored), then keep it as the artwork.
 * Work in progress is kept for the tab (`draftKey`) and restored when the form is opened again; saving the
 * achievement with the designer open uses the design (`handle.resolve`), and leaving with changes not
 * yet used asks first.
 */
export function DesignArtwork({ initialTitle, onStored, draftKey, handle }: { initialTitle: string; onStored: (image: StoredImage) => void; draftKey?: string | undefined; handle?: Ref<DesignHandle> | undefined }) {
  const { t } = useI18n();
  const shapeLabel = useOptionLabel('artwork.shape');
  const iconLabel = useOptionLabel('artwork.icon');
  const [options, setOptions] = useState<DesignOptions>(FALLBACK);
  const [draft] = useState(() => readDesignDraft(draftKey));
  const [design, setDesign] = useState<BadgeDesign>(() => draft ?? { shape: 'circle', primary: '#2b6cb0', secondary: '#bee3f8', icon: 'star', title: initialTitle || 'Badge', subtitle: '' });
  const [touched, setTouched] = useState(draft !== null);
  const [saved, setSaved] = useState<{ image: StoredImage; design: BadgeDesign } | null>(null);
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const unsaved = touched && saved?.design !== design;
  const guard = useLeaveGuard(unsaved, t('artwork.leaveWarning'));
  const [previewFailed, setPreviewFailed] = useState(false);
  const settled = useDebounced(design, 300);
  const src = useMemo(() => previewUrl({ ...settled, subtitle: settled.subtitle || undefined } as BadgeDesign), [settled]);

  useEffect(() => {
    getDesignOptions().then(setOptions, () => undefined);
  }, []);
  useEffect(() => setPreviewFailed(false), [src]);

  useEffect(() => {
    if (touched) writeDesignDraft(draftKey, design);
  }, [design, touched, draftKey]);

  const set = (field: keyof BadgeDesign) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setTouched(true);
    setDesign((d) => ({ ...d, [field]: value }));
  };
  const store = async (current: BadgeDesign): Promise<StoredImage> => {
    const image = await generateImage({ ...current, ...(current.subtitle ? {} : { subtitle: undefined }) });
    setSaved({ image, design: current });
    savedRef.current = { image, design: current };
    onStored(image);
    return image;
  };
  const save = useSubmit(async () => {
    await store(design);
  });
  useImperativeHandle(
    handle,
    () => ({
      async resolve() {
        const done = savedRef.current;
        const url = done && done.design === design ? done.image.url : (await store(design)).url;
        guard.release();
        return url;
      },
      clearDraft: () => clearDesignDraft(draftKey),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the handle reads the design of this render
    [design, draftKey],
  );
  const fieldLabels = { shape: t('artwork.shape'), primary: t('artwork.primary'), secondary: t('artwork.secondary'), icon: t('artwork.icon'), title: t('artwork.title'), subtitle: t('artwork.subtitle') };

  return (
    <div className="artwork-design">
      <div className="artwork-design-controls">
        <ErrorSummary error={save.error} labels={fieldLabels} />
        <SelectField name="artworkShape" label={fieldLabels.shape} value={design.shape} onChange={set('shape')} options={options.shapes.map((s) => ({ value: s, label: shapeLabel(s) }))} />
        <div className="artwork-colours">
          <TextField name="artworkPrimary" type="color" label={fieldLabels.primary} optional={false} value={design.primary} onChange={set('primary')} />
          <TextField name="artworkSecondary" type="color" label={fieldLabels.secondary} optional={false} value={design.secondary} onChange={set('secondary')} />
        </div>
        <SelectField name="artworkIcon" label={fieldLabels.icon} value={design.icon} onChange={set('icon')} options={options.icons.map((i) => ({ value: i, label: iconLabel(i) }))} />
        <TextField name="artworkTitle" label={fieldLabels.title} required maxLength={60} value={design.title} onChange={set('title')} />
        <TextField name="artworkSubtitle" label={fieldLabels.subtitle} maxLength={40} value={design.subtitle ?? ''} onChange={set('subtitle')} />
        <Button variant="secondary" busy={save.pending} disabled={!design.title.trim()} onClick={() => void save.run()}>
          {t('artwork.useDesign')}
        </Button>
        {draft && saved === null && design === draft && (
          <Notice tone="info">
            <p>{t('artwork.draftRestored')}</p>
          </Notice>
        )}
        {unsaved && saved === null && (
          <p className="field-hint" role="status">
            {t('artwork.unsavedDesign')}
          </p>
        )}
        {saved && (
          <Notice tone={saved.design === design ? 'success' : 'warning'}>
            <p>{saved.design === design ? t('artwork.designSaved') : t('artwork.changed')}</p>
          </Notice>
        )}
      </div>
      <div aria-live="polite">
        {previewFailed ? (
          <p className="field-hint">{t('artwork.previewError')}</p>
        ) : (
          <img className="artwork-preview" src={src} alt={t('artwork.preview')} onError={() => setPreviewFailed(true)} />
        )}
      </div>
    </div>
  );
}
