import type { CredentialHistory, HistoryItem } from '../api/credential-tools';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from './Table';

/** How long the per-day view table runs (the total counts every day). */
const VIEW_DAYS_SHOWN = 14;

function useActorName() {
  const { t } = useI18n();
  return (item: HistoryItem): string => {
    switch (item.actor.type) {
      case 'system':
        return t('credential.by.system');
      case 'recipient':
        return t('credential.by.recipient');
      case 'api-key':
        return item.actor.name ? t('credential.by.apiKey', { name: item.actor.name }) : t('credential.by.unknown');
      default:
        return item.actor.name ?? t('credential.by.unknown');
    }
  };
}

function Detail({ item }: { item: HistoryItem }) {
  const { t } = useI18n();
  if (item.type === 'email.skipped' && item.reason === 'opted-out') return <span className="cell-sub">{t('credential.skipped.opted-out')}</span>;
  if (item.rule) return <span className="cell-sub">{t('credential.ruleDetail', { rule: item.rule.name, eventId: item.rule.eventId, eventType: item.rule.eventType, seconds: item.rule.secondsFromEvent })}</span>;
  if (item.reason) return <span className="cell-sub">{t('credential.reason', { reason: item.reason })}</span>;
  if (item.error) {
    const code = item.error.smtpStatus ? `${item.error.code} (SMTP ${item.error.smtpStatus})` : item.error.code;
    return <span className="cell-sub">{item.error.attempt ? t('credential.failedAttempt', { attempt: item.error.attempt, code }) : t('credential.failedCode', { code })}</span>;
  }
  return null;
}

/** The events of a credential, oldest first, each with when, what and who. */
export function CredentialHistoryTable({ items }: { items: readonly HistoryItem[] }) {
  const { t, formatDateTime } = useI18n();
  const actorName = useActorName();
  return (
    <DataTable
      caption={t('credential.historyCaption')}
      columns={[
        { header: t('credential.col.when'), cell: (item) => <time dateTime={item.at}>{formatDateTime(item.at)}</time> },
        {
          header: t('credential.col.event'),
          primary: true,
          cell: (item) => (
            <>
              {t(`credential.event.${item.type}` as MessageKey)}
              <Detail item={item} />
            </>
          ),
        },
        { header: t('credential.col.by'), cell: actorName },
      ]}
      rows={items}
      rowKey={(item) => item.id}
      empty={t('credential.historyEmpty')}
    />
  );
}

/** Public page views: the total, and the latest days that had any. */
export function CredentialViews({ views }: { views: CredentialHistory['views'] }) {
  const { t, formatDate } = useI18n();
  const days = [...views.days].reverse().slice(0, VIEW_DAYS_SHOWN);
  return (
    <>
      <p>{views.total === 0 ? t('credential.viewsNone') : t('credential.viewsTotal', { count: views.total })}</p>
      {days.length > 0 && (
        <DataTable
          caption={t('credential.viewsCaption')}
          columns={[
            { header: t('credential.col.day'), primary: true, className: '', cell: (d) => <time dateTime={d.day}>{formatDate(`${d.day}T12:00:00Z`)}</time> },
            { header: t('credential.col.views'), cell: (d) => d.views },
          ]}
          rows={days}
          rowKey={(d) => d.day}
        />
      )}
      <p className="field-hint">{t('credential.viewsPrivacy')}</p>
    </>
  );
}
