import { disconnectApp, listConnectedApps, type ConnectedApp } from '../../api/oauth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadState } from '../../components/LoadState';
import { RowActionButton } from '../../components/RowActionButton';
import { useI18n } from '../../i18n/useI18n';
import { useFlash } from '../../lib/flash';
import { useConfirm } from '../../lib/useConfirm';
import { useLoad } from '../../lib/useLoad';
import { scopeLabel } from '../ConnectPage';

/** The hosts and displayers the earner allowed (Open Badges API); disconnecting ends their tokens at once. */
export function ConnectedApps() {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const apps = useLoad(listConnectedApps, []);
  const leaving = useConfirm(async (app: ConnectedApp) => {
    await disconnectApp(app.grantId);
    apps.reload();
    show(t('connectedApps.disconnected', { name: app.clientName }));
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
              <RowActionButton label={t('connectedApps.disconnect')} target={t('connectedApps.disconnectTarget', { name: app.clientName })} onClick={() => leaving.ask(app)} />
            </li>
          ))}
        </ul>
      </LoadState>
      <ConfirmDialog confirming={leaving} title={t('connectedApps.disconnect')} body={(app) => app.clientName} confirmLabel={t('connectedApps.disconnect')} />
    </section>
  );
}
