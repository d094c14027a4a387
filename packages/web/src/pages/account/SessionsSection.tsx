import { useState } from 'react';
import { endOtherSessions, endSession, listSessions } from '../../api/account';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Table } from '../../components/Table';
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
          <Table caption={t('sessions.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('sessions.device')}</th>
                <th scope="col">{t('sessions.created')}</th>
                <th scope="col">{t('sessions.lastSeen')}</th>
                <th scope="col">{t('sessions.address')}</th>
                <th scope="col">{t('sessions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    {deviceName(s.userAgent) ?? t('sessions.unknownDevice')}
                    {s.current && <strong> ({t('sessions.this')})</strong>}
                  </td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.lastSeenAt ?? s.createdAt)}</td>
                  <td>{s.ip ?? ''}</td>
                  <td>
                    {!s.current && (
                      <Button variant="secondary" className="btn-small" busy={end.pending} onClick={() => void end.run(s.id)}>
                        {t('sessions.end')}
                        <span className="visually-hidden"> {deviceName(s.userAgent) ?? t('sessions.unknownDevice')}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
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
