import { useState, type ChangeEvent } from 'react';
import { uploadImage, type StoredImage } from '../../api/images';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { ErrorSummary } from '../ErrorSummary';
import { TextField } from '../Field';
import { Notice } from '../Notice';

const ACCEPT = 'image/png,image/svg+xml,image/jpeg,image/webp';

/** Upload a file as the artwork: the server checks, sanitises and normalises it, and answers its URL. */
export function UploadArtwork({ onStored }: { onStored: (image: StoredImage) => void }) {
  const { t } = useI18n();
  const [image, setImage] = useState<StoredImage | null>(null);
  const upload = useSubmit(async (file: File) => {
    const stored = await uploadImage(file);
    setImage(stored);
    onStored(stored);
  });
  return (
    <div>
      <ErrorSummary error={upload.error} labels={{ file: t('artwork.file') }} />
      <TextField
        name="artworkFile"
        type="file"
        accept={ACCEPT}
        label={t('artwork.file')}
        hint={t('artwork.mode.upload.hint')}
        optional={false}
        onChange={(e: ChangeEvent<HTMLInputElement>) => {
          const file = e.currentTarget.files?.[0];
          if (file) void upload.run(file);
        }}
      />
      {upload.pending && <p role="status">{t('artwork.uploading')}</p>}
      {image && !upload.pending && (
        <Notice>
          <p>{t('artwork.uploaded')}</p>
          {image.removed && image.removed.length > 0 && <p>{t('artwork.removed', { items: image.removed.join(', ') })}</p>}
          <img className="artwork-preview" src={image.url} alt={t('artwork.preview')} />
        </Notice>
      )}
    </div>
  );
}
