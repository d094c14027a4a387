import { useState } from 'react';
import { bakedImageUrl, exportUrl, getAchievement, getIssuer, publicPageUrl, reinstateCredential, resendNotification } from '../api/badges';
import { certificateUrl, getCredential, getCredentialHistory } from '../api/credential-tools';
import type { Credential } from '../api/types';
import { Button } from '../components/Button';
import { CredentialHistoryTable, CredentialViews } from '../components/CredentialHistory';
import { recipientLabel } from '../components/CredentialTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { ReasonDialog, reasonActionDone, type ReasonAction } from '../components/ReasonDialog';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n/useI18n';
import { recipientPath } from '../lib/credential-paths';
import { useFlash } from '../lib/flash';
import { hasRole } from '../lib/roles';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { useCurrentSession } from '../session/useSession';

/** One credential: who, what, by whom, when, its status, downloads, what can be done to it, and its history. */
export function CredentialDetailPage({ params }: { params?: Readonly<Record<string, string>> }) {
  const { t, formatDate } = useI18n();
  const { role } = useCurrentSession();
  const { show } = useFlash();
  const credentialId = params?.id ?? '';
  const loaded = useLoad(async () => {
    const [credential, history] = await Promise.all([getCredential(credentialId), getCredentialHistory(credentialId)]);
    const [achievement, issuer] = await Promise.all([getAchievement(credential.achievementId), getIssuer(credential.issuerId)]);
    return { credential, history, achievement, issuer };
  }, [credentialId]);
  const [changing, setChanging] = useState<ReasonAction | null>(null);
  const data = loaded.data;
  const c = data?.credential;

  const resend = useSubmit(async (credential: Credential) => {
    await resendNotification(credential.id);
    loaded.reload();
    show(t('credentials.resent', { recipient: credential.recipient.identity }));
  });
  const reinstate = useSubmit(async (credential: Credential) => {
    const updated = await reinstateCredential(credential.id);
    loaded.reload();
    show(t('credentials.reinstated', { recipient: recipientLabel(updated) }));
  });
  const changed = (action: ReasonAction) => (credential: Credential) => {
    setChanging(null);
    loaded.reload();
    show(t(reasonActionDone(action), { recipient: recipientLabel(credential) }));
  };

  const canChange = hasRole(role, 'issuer');
  const file = `credential-${credentialId}`;
  return (
    <>
      <PageHeader
        title={data && c ? t('credential.title', { achievement: data.achievement.name, recipient: recipientLabel(c) }) : t('credential.titleLoading')}
        actions={
          <Link to="/credentials" className="btn btn-secondary">
            {t('credential.back')}
          </Link>
        }
      />
      <LoadState loading={loaded.loading && !data} error={loaded.error} retry={loaded.reload}>
        {data && c && (
          <>
            <section aria-labelledby="credential-summary" className="section">
              <h2 id="credential-summary">{t('credential.summary')}</h2>
              <dl className="facts facts-wide">
                <div>
                  <dt>{t('credential.recipient')}</dt>
                  <dd>
                    {recipientLabel(c)}
                    {c.recipient.name && <span className="cell-sub">{c.recipient.identity}</span>}
                    <Link to={recipientPath(c.recipientKey)} className="cell-sub">
                      {t('credential.recipientLink')}
                    </Link>
                  </dd>
                </div>
                <div>
                  <dt>{t('credential.achievement')}</dt>
                  <dd>{data.achievement.name}</dd>
                </div>
                <div>
                  <dt>{t('credential.issuer')}</dt>
                  <dd>{data.issuer.name}</dd>
                </div>
                <div>
                  <dt>{t('credential.issued')}</dt>
                  <dd>{formatDate(c.issuedOn)}</dd>
                </div>
                <div>
                  <dt>{t('credential.expires')}</dt>
                  <dd>{c.expires ? formatDate(c.expires) : t('credential.never')}</dd>
                </div>
                <div>
                  <dt>{t('credential.status')}</dt>
                  <dd>
                    <StatusBadge status={c.status} />
                    {c.revocationReason && <span className="cell-sub">{t('credentials.revokedBecause', { reason: c.revocationReason })}</span>}
                  </dd>
                </div>
                <div>
                  <dt>{t('credential.claimed')}</dt>
                  <dd>{c.claimed ? t('credentials.claimed.yes') : t('credentials.claimed.no')}</dd>
                </div>
                <div>
                  <dt>{t('credential.visibility')}</dt>
                  <dd>{t(c.visibility === 'public' ? 'credential.visibility.public' : 'credential.visibility.private')}</dd>
                </div>
              </dl>
            </section>

            <section aria-labelledby="credential-downloads" className="section">
              <h2 id="credential-downloads">{t('credential.downloads')}</h2>
              <ul className="download-list">
                {c.visibility === 'public' && (
                  <li>
                    <a href={publicPageUrl(c.id)} target="_blank" rel="noreferrer">
                      {t('credential.download.page')}
                      <span className="visually-hidden"> {t('common.opensNewTab')}</span>
                    </a>
                  </li>
                )}
                <li>
                  <a href={exportUrl(c.id, 'ob3')} download={`${file}.ob3.json`}>
                    {t('credential.download.json')}
                  </a>
                </li>
                <li>
                  <a href={exportUrl(c.id, 'vc-jwt')} download={`${file}.jwt`}>
                    {t('credential.download.jwt')}
                  </a>
                </li>
                <li>
                  <a href={bakedImageUrl(c.id, 'png')} download={`${file}.png`}>
                    {t('credential.download.png')}
                  </a>
                </li>
                <li>
                  <a href={certificateUrl(c.id)} download={`certificate-${c.id}.pdf`}>
                    {t('credential.download.pdf')}
                  </a>
                </li>
              </ul>
            </section>

            {canChange && c.status !== 'revoked' && (
              <section aria-labelledby="credential-actions" className="section">
                <h2 id="credential-actions">{t('credential.actions')}</h2>
                <ErrorSummary error={resend.error ?? reinstate.error} />
                <div className="action-row">
                  {c.recipient.type === 'email' && (
                    <Button variant="secondary" busy={resend.pending} onClick={() => void resend.run(c)}>
                      {t('credentials.resend')}
                    </Button>
                  )}
                  {(c.status === 'active' || c.status === 'expired') && (
                    <Button variant="secondary" onClick={() => setChanging('suspend')}>
                      {t('credentials.suspend')}
                    </Button>
                  )}
                  {c.status === 'suspended' && (
                    <Button variant="secondary" busy={reinstate.pending} onClick={() => void reinstate.run(c)}>
                      {t('credentials.reinstate')}
                    </Button>
                  )}
                  <Button variant="danger" onClick={() => setChanging('revoke')}>
                    {t('credentials.revoke')}
                  </Button>
                </div>
              </section>
            )}

            <section aria-labelledby="credential-history" className="section">
              <h2 id="credential-history">{t('credential.history')}</h2>
              <CredentialHistoryTable items={data.history.items} />
            </section>

            <section aria-labelledby="credential-views" className="section">
              <h2 id="credential-views">{t('credential.views')}</h2>
              <CredentialViews views={data.history.views} />
            </section>

            {(['revoke', 'suspend'] as const).map((action) => (
              <ReasonDialog
                key={action}
                action={action}
                credential={changing === action ? c : null}
                achievement={data.achievement}
                onClose={() => setChanging(null)}
                onDone={changed(action)}
              />
            ))}
          </>
        )}
      </LoadState>
    </>
  );
}
