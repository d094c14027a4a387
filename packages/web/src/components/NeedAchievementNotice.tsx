import { useI18n } from '../i18n/useI18n';
import { Link } from '../router/Link';
import { Notice } from './Notice';

/** In place of an award form while the organisation has no achievement to award: a link to make one. */
export function NeedAchievementNotice() {
  const { t } = useI18n();
  return (
    <Notice tone="info">
      <p>{t('award.needAchievement')}</p>
      <Link to="/achievements/new">{t('achievements.new')}</Link>
    </Notice>
  );
}
