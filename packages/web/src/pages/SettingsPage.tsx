import { useState } from 'react';
import { addAddress, getProfile, listAddresses, profilePath, removeAddress, updateProfile, type Address, type Profile } from '../api/me';
import { ActionDialog } from '../components/ActionDialog';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextAreaField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit, useSubmitThenClear } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { EARNER_HOME } from '../router/paths';
import { useCurrentSession } from '../session/useSession';
import { ConnectedApps } from './oauth/ConnectedApps';


/** The earner's settings: the e-mail addresses their badges can be sent to, and their public profile. */
export function SettingsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader
        title={t('settings.title')}
        intro={t('settings.intro')}
        actions={
          <Link to={EARNER_HOME} className="btn btn-secondary">
            {t('settings.toBackpack')}
          </Link>
        }
      />
      <Addresses />
      <ProfileSettings />
      <ConnectedApps />
    </>
  );
}

function Addresses() {
  const { t, formatDate } = useI18n();
  const session = useCurrentSession();
  const addresses = useLoad(listAddresses, []);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const add = useSubmitThenClear(async (form: HTMLFormElement) => {
    const email = formValues(form).email ?? '';
    await addAddress(email);
    setSentTo(email);
    addresses.reload();
  });
  const fieldError = useFieldError(add.error);
  const [removing, setRemoving] = useState<Address | null>(null);
  const isSignInAddress = (a: Address) => a.type === 'email' && a.value.toLowerCase() === session.user.email.toLowerCase();
  return (
    <section className="section" aria-labelledby="settings-addresses">
      <h2 id="settings-addresses">{t('settings.addresses')}</h2>
      <p>{t('settings.addressesIntro')}</p>
      <LoadState loading={addresses.loading} error={addresses.error} retry={addresses.reload}>
        {addresses.data && (
          <ul className="link-list">
            {!addresses.data.items.some((a) => a.value === session.user.email) && (
              <li>
                <strong>{session.user.email}</strong> <span className="muted">{t('settings.signInAddress')}</span>
              </li>
            )}
            {addresses.data.items.map((a) => (
              <li key={a.id}>
                <strong>{a.value}</strong> <span className="muted">{a.verifiedAt ? t('settings.verifiedOn', { date: formatDate(a.verifiedAt) }) : t('settings.unverified')}</span>
                {isSignInAddress(a) ? (
                  <span className="muted"> · {t('settings.signInAddress')}</span>
                ) : (
                  <>
                    {' '}
                    <Button variant="danger" className="btn-small" onClick={() => setRemoving(a)}>
                      {t('settings.remove')}
                      <span className="visually-hidden"> {a.value}</span>
                    </Button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </LoadState>
      <h3>{t('settings.addAddress')}</h3>
      {sentTo && (
        <Notice>
          <p>{t('settings.addressSent', { email: sentTo })}</p>
        </Notice>
      )}
      <ErrorSummary error={add.error} labels={{ email: t('settings.newAddress') }} />
      <SubmitForm key={add.formKey} action={add}>
        <TextField name="email" type="email" label={t('settings.newAddress')} hint={t('settings.newAddressHint')} required autoComplete="email" error={fieldError('email')} />
        <FormActions label={t('settings.sendVerification')} busy={add.pending} />
      </SubmitForm>
      <RemoveAddressDialog
        address={removing}
        onClose={() => setRemoving(null)}
        onRemoved={() => {
          setRemoving(null);
          addresses.reload();
        }}
      />
    </section>
  );
}

/** Confirm, then remove an address; the outcome is flashed on the page. */
function RemoveAddressDialog({ address, onClose, onRemoved }: { address: Address | null; onClose: () => void; onRemoved: () => void }) {
  const { t } = useI18n();
  const { show } = useFlash();
  const remove = useSubmit(async () => {
    if (!address) return;
    await removeAddress(address.id);
    onRemoved();
    show(t('settings.removed', { email: address.value }));
  });
  return (
    <ActionDialog
      open={address !== null}
      title={t('settings.removeTitle')}
      body={t('settings.removeBody', { email: address?.value ?? '' })}
      confirmLabel={t('settings.removeConfirm')}
      action={remove}
      onClose={onClose}
    />
  );
}

function ProfileSettings() {
  const { t } = useI18n();
  const loaded = useLoad(getProfile, []);
  return (
    <section className="section" aria-labelledby="settings-profile">
      <h2 id="settings-profile">{t('settings.profile')}</h2>
      <p>{t('settings.profileIntro')}</p>
      <LoadState loading={loaded.loading} error={loaded.error} retry={loaded.reload}>
        {loaded.data && <ProfileForm initial={loaded.data} />}
      </LoadState>
    </section>
  );
}

function ProfileForm({ initial }: { initial: Profile }) {
  const { t } = useI18n();
  const [profile, setProfile] = useState(initial);
  const [isPublic, setIsPublic] = useState(initial.public);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async (form: HTMLFormElement) => {
    setSaved(false);
    const v = formValues(form);
    const next = await updateProfile({ handle: v.handle || null, bio: v.bio || null, public: isPublic });
    setProfile(next);
    setIsPublic(next.public);
    setSaved(true);
  });
  const fieldError = useFieldError(save.error);
  const labels = { handle: t('settings.handle'), bio: t('settings.bio'), public: t('settings.public') };
  return (
    <>
      {saved && (
        <Notice>
          <p>{t(profile.public ? 'settings.savedPublic' : 'settings.saved')}</p>
        </Notice>
      )}
      <ErrorSummary error={save.error} labels={labels} />
      <SubmitForm action={save}>
        <TextField name="handle" label={labels.handle} hint={t('settings.handleHint')} defaultValue={profile.handle ?? ''} maxLength={40} autoCapitalize="none" spellCheck={false} error={fieldError('handle')} />
        <TextAreaField name="bio" label={labels.bio} hint={t('settings.bioHint')} defaultValue={profile.bio ?? ''} maxLength={500} error={fieldError('bio')} />
        <Checkbox name="public" label={labels.public} checked={isPublic} onChange={(e) => setIsPublic(e.currentTarget.checked)} />
        <FormActions label={t('settings.saveProfile')} busy={save.pending} />
      </SubmitForm>
      {profile.public && profile.handle ? (
        <p>
          {t('settings.publicAt')} <a href={profilePath(profile.handle)}>{t('settings.viewProfile')}</a>
        </p>
      ) : (
        <p className="muted">{t('settings.notPublic')}</p>
      )}
    </>
  );
}
