import { useState } from 'react';
import { disconnectApp, listConnectedApps, type ConnectedApp } from '../../api/oauth';
import { ActionDialog } from '../../components/ActionDialog';
import { Button } from '../../components/Button';
import { LoadState } from '../../components/LoadState';
import { useI18n } from '../../i18n/useI18n';
import { useFlash } from '../../lib/flash';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';
import { scopeLabel } from '../ConnectPage';

/** The hosts and displayers the earner allowed (Open Badges API); disconnecting ends their tokens at once. */
export function ConnectedApps() {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const apps = useLoad(listConnectedApps, []);
  const [leaving, setLeaving] = useState<ConnectedApp | null>(null);
  const disconnect = useSubmit(async () => {
    if (!leaving) return;
    await disconnectApp(leaving.grantId);
    setLeaving(null);
    apps.reload();
    show(t('connectedApps.disconnected', { name: leaving.clientName }));
  });
  return (
    <section className="section" aria-labelledby="connected-apps-title">
      <h2 id="connected-apps-title">{t('connectedApps.title')}</h2>
      <p>{t('connectedApps.intro')}</p>
      <LoadState loading={apps.loading} error={apps.error} retry={apps.reload}>
        {apps.data?.items.length === 0 && <p className="muted">{t('connectedApps.empty')}</p>}
        <ul className="connected-apps">
          {apps.data?.items.map((app) => (
            <li key={app.grantId}>
              <strong>{app.clientName}</strong> <span className="muted">{t('connectedApps.since', { date: formatDate(app.connectedAt) })}</span>
              <ul>
                {app.scopes.map((name) => (
                  <li key={name}>{scopeLabel(t, { name, description: name })}</li>
                ))}
              </ul>
              <Button variant="danger" className="btn-small" onClick={() => setLeaving(app)}>
                {t('connectedApps.disconnect')}
                <span className="visually-hidden"> {t('connectedApps.disconnectTarget', { name: app.clientName })}</span>
              </Button>
            </li>
          ))}
        </ul>
      </LoadState>
      <ActionDialog
        open={leaving !== null}
        title={t('connectedApps.disconnect')}
        body={leaving ? leaving.clientName : ''}
        confirmLabel={t('connectedApps.disconnect')}
        action={disconnect}
        onClose={() => setLeaving(null)}
      />
    </section>
  );
}
