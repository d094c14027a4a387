import { listPathways } from '../api/earners';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';

const PROGRESS = { all: 'pathways.progressAll', any: 'pathways.progressAny', atLeast: 'pathways.progressAtLeast', inOrder: 'pathways.progressInOrder' } as const;

/** The earner's progress toward pathway achievements: held parts of those required, in the pathway's order. */
export function PathwayProgressList() {
  const { t } = useI18n();
  const loaded = useLoad(listPathways, []);
  const items = loaded.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="pathways-heading" className="pathways">
      <h2 id="pathways-heading">{t('pathways.title')}</h2>
      <ul className="cards">
        {items.map((p) => (
          <li key={p.ruleId} className="card">
            <h3 id={`pathway-${p.ruleId}`}>{p.achievement.name}</h3>
            <p className="muted">{p.issuerName}</p>
            <p>
              {p.earned ? t('pathways.earned') : t(PROGRESS[p.mode], { held: p.held, needed: p.needed })}
            </p>
            {!p.earned && p.nextStep && <p>{t('pathways.next', { name: p.nextStep.name })}</p>}
            <progress max={p.needed} value={Math.min(p.held, p.needed)} aria-labelledby={`pathway-${p.ruleId}`} />
            <ol aria-label={t('pathways.parts', { name: p.achievement.name })}>
              {p.parts.map((part) => (
                <li key={part.achievementId}>
                  {part.name} — {part.held ? t('pathways.held') : t('pathways.missing')}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </section>
  );
}
