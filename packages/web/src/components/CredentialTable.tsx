import { bakedImageUrl, exportUrl, publicPageUrl } from '../api/badges';
import type { Achievement, Credential } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { LinkMenu } from './LinkMenu';
import { StatusBadge } from './StatusBadge';
import { Link } from '../router/Link';
import { detailsPath } from '../lib/credential-paths';
import { DataTable } from './Table';

/** What the viewer may do to a row; absent handlers hide their buttons (the role decides). */
export interface CredentialActions {
  /** Show the export menu (anyone who can read credentials). */
  exports?: boolean;
  onRevoke?: (credential: Credential) => void;
  onSuspend?: (credential: Credential) => void;
  onReinstate?: (credential: Credential) => void;
  /** Send the award e-mail again (credentials awarded to an e-mail address). */
  onResend?: (credential: Credential) => void;
  /** The credential whose reinstatement is in flight. */
  busyId?: string | null;
}

/** Rows picked for a bulk action (a checkbox per row and one for the page). */
export interface RowSelection {
  selected: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  toggleAll: (ids: readonly string[], on: boolean) => void;
}

interface Props {
  caption: string;
  credentials: readonly Credential[];
  achievements: ReadonlyMap<string, Achievement>;
  empty: string;
  actions?: CredentialActions;
  selection?: RowSelection;
  /** The Claimed column, and the recipient linked to the credential's detail page. */
  details?: boolean;
}

export function recipientLabel(c: Credential): string {
  return c.recipient.name ?? c.recipient.identity;
}

export function CredentialTable({ caption, credentials, achievements, empty, actions, selection, details = false }: Props) {
  const { t, formatDate } = useI18n();
  const ids = credentials.map((c) => c.id);
  const allOnPage = ids.length > 0 && ids.every((id) => selection?.selected.has(id));
  return (
    <DataTable
      caption={caption}
      columns={[
        selection && {
          header: <input type="checkbox" aria-label={t('credentials.selectPage')} checked={allOnPage} disabled={ids.length === 0} onChange={(e) => selection.toggleAll(ids, e.target.checked)} />,
          headerClassName: 'cell-select',
          className: 'cell-select',
          cell: (c) => <input type="checkbox" aria-label={t('credentials.selectRow', { recipient: recipientLabel(c) })} checked={selection.selected.has(c.id)} onChange={(e) => selection.toggle(c.id, e.target.checked)} />,
        },
        {
          header: t('credentials.col.recipient'),
          primary: true,
          cell: (c) => (
            <>
              {details ? <Link to={detailsPath(c.id)}>{recipientLabel(c)}</Link> : <span>{recipientLabel(c)}</span>}
              {c.recipient.name && <span className="cell-sub">{c.recipient.identity}</span>}
            </>
          ),
        },
        { header: t('credentials.col.achievement'), cell: (c) => achievements.get(c.achievementId)?.name ?? t('common.none') },
        { header: t('credentials.col.issuedOn'), cell: (c) => formatDate(c.issuedOn) },
        { header: t('credentials.col.expires'), cell: (c) => formatDate(c.expires) },
        {
          header: t('credentials.col.status'),
          cell: (c) => (
            <>
              <StatusBadge status={c.status} />
              {c.revocationReason && <span className="cell-sub">{t('credentials.revokedBecause', { reason: c.revocationReason })}</span>}
            </>
          ),
        },
        details && { header: t('credentials.col.claimed'), cell: (c) => (c.claimed ? t('credentials.claimed.yes') : t('credentials.claimed.no')) },
        actions && { header: t('common.actions'), className: 'cell-actions', cell: (c) => <RowActions credential={c} actions={actions} /> },
      ]}
      rows={credentials}
      rowKey={(c) => c.id}
      empty={empty}
    />
  );
}

function RowActions({ credential: c, actions }: { credential: Credential; actions: CredentialActions }) {
  const { t } = useI18n();
  const of = <span className="visually-hidden"> {t('credentials.ofRecipient', { recipient: recipientLabel(c) })}</span>;
  const file = `credential-${c.id}`;
  return (
    <div className="action-row">
      <a href={c.ob2Url} target="_blank" rel="noreferrer">
        {t('credentials.viewAssertion')}
        <span className="visually-hidden"> {t('credentials.ofRecipient', { recipient: recipientLabel(c) })} {t('common.opensNewTab')}</span>
      </a>
      {actions.exports && (
        <LinkMenu
          label={t('credentials.export')}
          target={of}
          links={[
            { href: publicPageUrl(c.id), label: t('credentials.export.page') },
            { href: exportUrl(c.id, 'ob3'), label: t('credentials.export.ob3'), download: `${file}.ob3.json` },
            { href: exportUrl(c.id, 'vc-jwt'), label: t('credentials.export.vcJwt'), download: `${file}.jwt` },
            { href: exportUrl(c.id, 'ob2'), label: t('credentials.export.ob2'), download: `${file}.ob2.json` },
            { href: exportUrl(c.id, 'ob2-jws'), label: t('credentials.export.ob2Jws'), download: `${file}.ob2.jws` },
            { href: bakedImageUrl(c.id, 'png'), label: t('credentials.export.png'), download: `${file}.png` },
            { href: bakedImageUrl(c.id, 'svg'), label: t('credentials.export.svg'), download: `${file}.svg` },
          ]}
        />
      )}
      {actions.onSuspend && (c.status === 'active' || c.status === 'expired') && (
        <Button variant="secondary" className="btn-small" onClick={() => actions.onSuspend?.(c)}>
          {t('credentials.suspend')}
          {of}
        </Button>
      )}
      {actions.onReinstate && c.status === 'suspended' && (
        <Button variant="secondary" className="btn-small" busy={actions.busyId === c.id} onClick={() => actions.onReinstate?.(c)}>
          {t('credentials.reinstate')}
          {of}
        </Button>
      )}
      {actions.onResend && c.recipient.type === 'email' && c.status !== 'revoked' && (
        <Button variant="secondary" className="btn-small" busy={actions.busyId === c.id} onClick={() => actions.onResend?.(c)}>
          {t('credentials.resend')}
          {of}
        </Button>
      )}
      {actions.onRevoke && c.status !== 'revoked' && (
        <Button variant="danger" className="btn-small" onClick={() => actions.onRevoke?.(c)}>
          {t('credentials.revoke')}
          {of}
        </Button>
      )}
    </div>
  );
}
