import { useId, useState } from 'react';
import { fetchDocument } from '../api/earners';
import type { BackpackItem, CredentialStatus, Visibility } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { kindLabel } from '../lib/labels';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';
import { StatusBadge } from './StatusBadge';
import { RenewalPanel } from './RenewalPanel';
import type { RenewalRequest } from '../api/types';

const KNOWN_STATUS = ['active', 'revoked', 'suspended', 'expired'];
/** The earner's own downloads say so (`download=1`): the analytics count them as the credential taken into a wallet or a file. */
const asDownload = (url: string) => `${url}${url.includes('?') ? '&' : '?'}download=1`;

/** Save a text as a file (the VC-JWT, fetched by content negotiation). */
function saveText(text: string, filename: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Props {
  item: BackpackItem;
  pending: boolean;
  onVisibility: (visibility: Visibility) => void;
  onShare: () => void;
  onWallet: () => void;
  onRenewal?: (request: RenewalRequest) => void;
}

/** One credential in the backpack: what, who, when, its visibility switch, downloads and sharing. */
export function BackpackCard({ item, pending, onVisibility, onShare, onWallet, onRenewal }: Props) {
  const { t, formatDate, locale } = useI18n();
  const titleId = useId();
  const switchId = useId();
  const [jwtError, setJwtError] = useState<unknown>(undefined);
  const page = `/credentials/${encodeURIComponent(item.id)}`;
  const name = item.achievement.name;
  const of = <span className="visually-hidden"> {t('backpack.of', { name })}</span>;
  const newTab = <span className="visually-hidden"> {t('common.opensNewTab')}</span>;

  const downloadJwt = async () => {
    setJwtError(undefined);
    try {
      saveText(await fetchDocument(asDownload(item.links.ob3), 'application/vc+jwt'), `${item.id}.jwt`, 'application/vc+jwt');
    } catch (error) {
      setJwtError(error);
    }
  };

  return (
    <article className="card credential-card" aria-labelledby={titleId}>
      <div className="credential-head">
        <img className="credential-image" src={item.achievement.image} alt="" width={88} height={88} loading="lazy" />
        <div>
          <h2 id={titleId} className="credential-title">
            {name}
          </h2>
          <p className="muted">
            {item.issuer.name} · {kindLabel(item.achievement.kind, t)}
          </p>
          {KNOWN_STATUS.includes(item.status) ? <StatusBadge status={item.status as CredentialStatus} /> : <span className="badge">{item.status === 'superseded' ? t('renewal.superseded') : item.status}</span>}
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('backpack.issued')}</dt>
          <dd>{formatDate(item.issuedOn)}</dd>
        </div>
        <div>
          <dt>{t('backpack.expires')}</dt>
          <dd>{item.expires ? formatDate(item.expires) : t('backpack.never')}</dd>
        </div>
        {item.activity && (
          <>
            <div>
              <dt>{t('backpack.views')}</dt>
              <dd>{item.activity.views.toLocaleString(locale)}</dd>
            </div>
            <div>
              <dt>{t('backpack.visitors')}</dt>
              <dd>{item.activity.visitors.toLocaleString(locale)}</dd>
            </div>
            <div>
              <dt>{t('backpack.verifications')}</dt>
              <dd>{item.activity.verifications.toLocaleString(locale)}</dd>
            </div>
          </>
        )}
      </dl>
      {item.achievement.tags.length > 0 && (
        <ul className="tags" aria-label={t('backpack.tags')}>
          {item.achievement.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      <div className="choice switch">
        <input
          type="checkbox"
          role="switch"
          id={switchId}
          checked={item.visibility === 'public'}
          disabled={pending}
          aria-describedby={`${switchId}-hint`}
          onChange={(e) => onVisibility(e.target.checked ? 'public' : 'private')}
        />
        <label htmlFor={switchId}>
          {t('backpack.public')}
          {of}
          <span id={`${switchId}-hint`} className="choice-hint">
            {item.visibility === 'public' ? t('backpack.publicHint') : t('backpack.privateHint')}
          </span>
        </label>
      </div>
      <ErrorSummary error={jwtError} message={jwtError ? t('backpack.jwtFailed') : undefined} />
      <ul className="download-list" aria-label={t('backpack.downloads', { name })}>
        <li>
          <a href={page} target="_blank" rel="noreferrer">
            {t('backpack.page')}
            {of}
            {newTab}
          </a>
        </li>
        <li>
          <a href={`${page}/certificate.pdf`} target="_blank" rel="noreferrer">
            {t('backpack.pdf')}
            {of}
            {newTab}
          </a>
        </li>
        <li>
          <a href={asDownload(`${page}/badge.png`)} download={`${item.id}.png`}>
            {t('backpack.png')}
            {of}
          </a>
        </li>
        <li>
          <a href={asDownload(`${page}/badge.svg`)} download={`${item.id}.svg`}>
            {t('backpack.svg')}
            {of}
          </a>
        </li>
        {/* Private credentials too: the server answers their earner's own session. */}
        <li>
          <a href={asDownload(item.links.ob3)} download={`${item.id}.json`}>
            {t('backpack.ob3')}
            {of}
          </a>
        </li>
        <li>
          <button type="button" className="btn btn-link btn-inline" onClick={() => void downloadJwt()}>
            {t('backpack.vcJwt')}
            {of}
          </button>
        </li>
      </ul>
      <RenewalPanel item={item} onRequested={(request) => onRenewal?.(request)} />
      <div className="form-actions">
        <Button variant="secondary" onClick={onShare}>
          {t('backpack.share')}
          {of}
        </Button>
        {(item.status === 'active' || item.status === 'expired') && (
          <Button variant="secondary" onClick={onWallet}>
            {t('wallet.add')}
            {of}
          </Button>
        )}
      </div>
    </article>
  );
}
