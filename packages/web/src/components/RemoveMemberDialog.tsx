import { removeMember } from '../api/organisation';
import type { Member } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { ActionDialog } from './ActionDialog';
import { Button } from './Button';

/** The row button that opens the removal confirmation for one member. */
export function RemoveMemberButton({ member, onClick }: { member: Member; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <Button variant="danger" className="btn-small" onClick={onClick}>
      {t('members.remove')}
      <span className="visually-hidden"> {member.email}</span>
    </Button>
  );
}

interface Props {
  member: Member | null;
  onClose: () => void;
  onDone: (member: Member) => void;
}

/** Confirm removing a member: their sessions end and the API keys they made stop working at once. */
export function RemoveMemberDialog({ member, onClose, onDone }: Props) {
  const { t } = useI18n();
  const remove = useSubmit(async () => {
    if (!member) return;
    await removeMember(member.userId);
    onDone(member);
  });
  return (
    <ActionDialog
      open={member !== null}
      title={t('members.removeTitle')}
      body={t('members.removeBody', { email: member?.email ?? '' })}
      confirmLabel={t('members.removeConfirm')}
      action={remove}
      onClose={onClose}
    />
  );
}
