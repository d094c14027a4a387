import type { Issuer, IssuerPatch } from '../../api/types';
import type { I18n } from '../../i18n/I18nProvider';
import { optional } from '../../lib/form';
import { TextAreaField, TextField } from '../Field';

export const issuerLabels = (t: I18n['t']) => ({
  name: t('issuerForm.name'),
  url: t('issuerForm.url'),
  email: t('issuerForm.email'),
  description: t('issuerForm.description'),
  image: t('issuerForm.image'),
  identity: t('issuerForm.identity'),
});

/** The form's profile values; cleared optional fields become null so an edit clears them. */
export function issuerProfileFromForm(v: Record<string, string>): Required<Pick<IssuerPatch, 'name' | 'url' | 'email' | 'description' | 'image'>> {
  return { name: v.name!, url: v.url!, email: v.email!, description: optional(v.description) ?? null, image: optional(v.image) ?? null };
}

/** Name, website, e-mail, description and logo: the fields an issuer is created and edited with. */
export function IssuerProfileFields({ t, fieldError, initial }: { t: I18n['t']; fieldError: (name: string) => string | undefined; initial?: Issuer | undefined }) {
  const labels = issuerLabels(t);
  return (
    <>
      <TextField name="name" label={labels.name} required maxLength={200} autoComplete="organization" defaultValue={initial?.name} error={fieldError('name')} />
      <TextField name="url" type="url" label={labels.url} hint={t('issuerForm.urlHint')} required placeholder="https://" autoComplete="url" defaultValue={initial?.url} error={fieldError('url')} />
      <TextField name="email" type="email" label={labels.email} required autoComplete="email" defaultValue={initial?.email} error={fieldError('email')} />
      <TextAreaField name="description" label={labels.description} maxLength={5000} defaultValue={initial?.description ?? ''} error={fieldError('description')} />
      <TextField name="image" type="url" label={labels.image} hint={t('issuerForm.imageHint')} defaultValue={initial?.image ?? ''} error={fieldError('image')} />
    </>
  );
}
