import { useState } from 'react';
import { endOtherSessions, endSession, listSessions } from '../../api/account';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { RowActionButton } from '../../components/RowActionButton';
import { DataTable } from '../../components/Table';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';

/** A short name for a user agent string (browser on system), or the string itself. */
function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /(Firefox|Edg|Chrome|Safari)\/[\d.]+/.exec(userAgent)?.[1]?.replace('Edg', 'Edge');
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent)?.[1]?.replace('Mac OS X', 'macOS');
  return browser ? `${browser}${system ? ` · ${system}` : ''}` : userAgent.slice(0, 80);
}

/** Where the person is signed in; sign one out, or all but this one. */
export function SessionsSection() {
  const { t, formatDateTime } = useI18n();
  const sessions = useLoad(listSessions, []);
  const [notice, setNotice] = useState<string | null>(null);
  const end = useSubmit(async (id: string) => {
    await endSession(id);
    setNotice(t('sessions.endedOne'));
    sessions.reload();
  });
  const endOthers = useSubmit(async () => {
    const { ended } = await endOtherSessions();
    setNotice(t('sessions.endedOthers', { n: ended }));
    sessions.reload();
  });
  return (
    <section className="section" aria-labelledby="account-sessions">
      <h2 id="account-sessions">{t('sessions.title')}</h2>
      {notice && (
        <Notice>
          <p>{notice}</p>
        </Notice>
      )}
      <ErrorSummary error={end.error ?? endOthers.error} />
      <LoadState loading={sessions.loading} error={sessions.error} retry={sessions.reload}>
        {sessions.data && (
          <DataTable
            caption={t('sessions.caption')}
            columns={[
              {
                header: t('sessions.device'),
                cell: (s) => (
                  <>
                    {deviceName(s.userAgent) ?? t('sessions.unknownDevice')}
                    {s.current && <strong> ({t('sessions.this')})</strong>}
                  </>
                ),
              },
              { header: t('sessions.created'), cell: (s) => formatDateTime(s.createdAt) },
              { header: t('sessions.lastSeen'), cell: (s) => formatDateTime(s.lastSeenAt ?? s.createdAt) },
              { header: t('sessions.address'), cell: (s) => s.ip ?? '' },
              {
                header: t('sessions.actions'),
                cell: (s) =>
                  !s.current && (
                    <RowActionButton
                      variant="secondary"
                      label={t('sessions.end')}
                      target={deviceName(s.userAgent) ?? t('sessions.unknownDevice')}
                      busy={end.pending}
                      onClick={() => void end.run(s.id)}
                    />
                  ),
              },
            ]}
            rows={sessions.data.items}
            rowKey={(s) => s.id}
          />
        )}
      </LoadState>
      {sessions.data && sessions.data.items.length > 1 && (
        <div className="form-actions">
          <Button variant="secondary" busy={endOthers.pending} onClick={() => void endOthers.run()}>
            {t('sessions.endOthers')}
          </Button>
        </div>
      )}
    </section>
  );
}
