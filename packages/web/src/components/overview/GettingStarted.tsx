import { dismissGettingStarted, getGettingStarted } from '../../api/organisation';
import type { GettingStartedStep, Role } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { hasRole } from '../../lib/roles';
import { useLoad } from '../../lib/useLoad';
import { useSubmit } from '../../lib/useSubmit';
import { Link } from '../../router/Link';
import { useCurrentSession } from '../../session/useSession';
import { Button } from '../Button';
import { ErrorSummary } from '../ErrorSummary';

/** Where each step is done, and the least role that can do it there. */
const STEP_LINKS: Record<GettingStartedStep, { to: string; role: Role }> = {
  issuer: { to: '/issuers/new', role: 'admin' },
  achievement: { to: '/achievements/new', role: 'admin' },
  award: { to: '/award', role: 'issuer' },
  invite: { to: '/members', role: 'admin' },
};

/**
 * The getting-started steps, each ticked off from the organisation's own data (the server computes
 * them); gone once every step is done or the member hides them (remembered on the server).
 */
export function GettingStarted() {
  const { t } = useI18n();
  const { role } = useCurrentSession();
  const state = useLoad(getGettingStarted, []);
  const dismiss = useSubmit(async () => {
    await dismissGettingStarted();
    state.reload();
  });
  const data = state.data;
  if (!data?.show) return null;
  const done = data.steps.filter((s) => s.done).length;

  return (
    <section className="section getting-started" aria-labelledby="getting-started-title">
      <h2 id="getting-started-title">{t('gettingStarted.title')}</h2>
      <p className="muted">{t('gettingStarted.intro')}</p>
      <p>{t('gettingStarted.progress', { done, total: data.steps.length })}</p>
      <ErrorSummary error={dismiss.error} />
      <ol className="steps checklist">
        {data.steps.map((step) => {
          const link = STEP_LINKS[step.id];
          const label = t(`gettingStarted.step.${step.id}`);
          return (
            <li key={step.id} className={step.done ? 'step-done' : 'step-todo'}>
              <span className={`badge ${step.done ? 'badge-active' : 'badge-expired'}`}>{t(step.done ? 'gettingStarted.done' : 'gettingStarted.todo')}</span>{' '}
              {!step.done && hasRole(role, link.role) ? <Link to={link.to}>{label}</Link> : <span>{label}</span>}
            </li>
          );
        })}
      </ol>
      <Button variant="secondary" busy={dismiss.pending} onClick={() => void dismiss.run()}>
        {t('gettingStarted.dismiss')}
      </Button>
    </section>
  );
}
