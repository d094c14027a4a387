import type { Achievement, Credential } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { StatusBadge } from './StatusBadge';
import { EmptyRow, Table } from './Table';

interface Props {
  caption: string;
  credentials: readonly Credential[];
  achievements: ReadonlyMap<string, Achievement>;
  empty: string;
  /** When given, each active credential gets a Revoke button. */
  onRevoke?: (credential: Credential) => void;
}

export function recipientLabel(c: Credential): string {
  return c.recipient.name ?? c.recipient.identity;
}

export function CredentialTable({ caption, credentials, achievements, empty, onRevoke }: Props) {
  const { t, formatDate } = useI18n();
  const columns = onRevoke ? 6 : 5;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t('credentials.col.recipient')}</th>
          <th scope="col">{t('credentials.col.achievement')}</th>
          <th scope="col">{t('credentials.col.issuedOn')}</th>
          <th scope="col">{t('credentials.col.expires')}</th>
          <th scope="col">{t('credentials.col.status')}</th>
          {onRevoke && <th scope="col">{t('common.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {credentials.length === 0 && <EmptyRow colSpan={columns}>{empty}</EmptyRow>}
        {credentials.map((c) => (
          <tr key={c.id}>
            <th scope="row" className="cell-primary">
              <span>{recipientLabel(c)}</span>
              {c.recipient.name && <span className="cell-sub">{c.recipient.identity}</span>}
            </th>
            <td>{achievements.get(c.achievementId)?.name ?? t('common.none')}</td>
            <td>{formatDate(c.issuedOn)}</td>
            <td>{formatDate(c.expires)}</td>
            <td>
              <StatusBadge status={c.status} />
              {c.revocationReason && <span className="cell-sub">{t('credentials.revokedBecause', { reason: c.revocationReason })}</span>}
            </td>
            {onRevoke && (
              <td className="cell-actions">
                <a href={c.ob2Url} target="_blank" rel="noreferrer">
                  {t('credentials.viewAssertion')}
                  <span className="visually-hidden"> {t('credentials.ofRecipient', { recipient: recipientLabel(c) })} {t('common.opensNewTab')}</span>
                </a>
                {c.status === 'active' && (
                  <Button variant="danger" className="btn-small" onClick={() => onRevoke(c)}>
                    {t('credentials.revoke')}
                    <span className="visually-hidden"> {t('credentials.ofRecipient', { recipient: recipientLabel(c) })}</span>
                  </Button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
