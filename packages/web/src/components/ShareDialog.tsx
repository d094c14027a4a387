import type { BackpackItem } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { shareLinks } from '../lib/backpack';
import { Button } from './Button';
import { CopyField } from './CopyField';
import { Modal } from './Modal';
import { Notice } from './Notice';

/** The share panel: the public link to copy, and links to post it (LinkedIn profile, LinkedIn, X, Facebook, e-mail). */
export function ShareDialog({ item, onClose, onPublish, publishing }: { item: BackpackItem | null; onClose: () => void; onPublish: (item: BackpackItem) => void; publishing: boolean }) {
  const { t } = useI18n();
  const name = item?.achievement.name ?? '';
  const links = item ? shareLinks(item, item.links.page, t('share.text', { name, issuer: item.issuer.name })) : null;
  const newTab = <span className="visually-hidden"> {t('common.opensNewTab')}</span>;
  return (
    <Modal open={item !== null} title={t('share.title', { name })} onClose={onClose}>
      {item && links && (
        <>
          {item.visibility === 'private' && (
            <Notice tone="warning">
              <p>{t('share.private')}</p>
              <Button busy={publishing} onClick={() => onPublish(item)}>
                {t('share.publish')}
              </Button>
            </Notice>
          )}
          <CopyField name="share-link" label={t('share.link')} value={item.links.page} />
          <ul className="link-list">
            <li>
              <a href={links.linkedInProfile} target="_blank" rel="noreferrer">
                {t('share.linkedInProfile')}
                {newTab}
              </a>
            </li>
            <li>
              <a href={links.linkedIn} target="_blank" rel="noreferrer">
                {t('share.linkedIn')}
                {newTab}
              </a>
            </li>
            <li>
              <a href={links.x} target="_blank" rel="noreferrer">
                {t('share.x')}
                {newTab}
              </a>
            </li>
            <li>
              <a href={links.facebook} target="_blank" rel="noreferrer">
                {t('share.facebook')}
                {newTab}
              </a>
            </li>
            <li>
              <a href={links.email}>{t('share.email')}</a>
            </li>
          </ul>
        </>
      )}
    </Modal>
  );
}
