import { useState } from 'react';
import { changeMemberRole, inviteMember, listInvitations, listMembers, revokeInvitation } from '../api/organisation';
import { ROLES, type Invitation, type Member, type Role } from '../api/types';
import { Button } from '../components/Button';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { RemoveMemberButton, RemoveMemberDialog } from '../components/RemoveMemberDialog';
import { MfaPolicySection } from '../components/MfaPolicySection';
import { SsoConnectionsSection } from '../components/SsoConnectionsSection';
import { SubmitForm } from '../components/SubmitForm';
import { DataTable } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues } from '../lib/form';
import { hasRole } from '../lib/roles';
import { useLoad } from '../lib/useLoad';
import { useSubmit, useSubmitThenClear } from '../lib/useSubmit';
import { useCurrentSession } from '../session/useSession';

export function MembersPage() {
  const { t, formatDate } = useI18n();
  const session = useCurrentSession();
  const { show } = useFlash();
  const members = useLoad(listMembers, []);
  const [removing, setRemoving] = useState<Member | null>(null);
  const assignable = ROLES.filter((r) => hasRole(session.role, r));

  const invitations = useLoad(listInvitations, []);
  // People join by accepting the invitation mailed to them: nobody is added here.
  const add = useSubmitThenClear(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const invitation = await inviteMember({ email: v.email!, role: v.role as Role });
    invitations.reload();
    show(t('members.invited', { email: invitation.email, role: t(`role.${invitation.role}`) }));
  });
  const withdraw = useSubmit(async (invitation: Invitation) => {
    await revokeInvitation(invitation.id);
    invitations.reload();
    show(t('members.withdrawn', { email: invitation.email }));
  });
  const change = useSubmit(async (member: Member, role: Role) => {
    await changeMemberRole(member.userId, role);
    members.reload();
    show(t('members.roleChanged', { email: member.email, role: t(`role.${role}`) }));
  });
  const fieldError = useFieldError(add.error);
  const labels = { email: t('members.email'), role: t('members.role') };
  // People can change and remove others whose role is not above their own, never themselves.
  const editable = (m: Member) => m.userId !== session.user.id && hasRole(session.role, m.role);

  return (
    <>
      <PageHeader title={t('members.title')} intro={t('members.intro')} />
      <p className="muted">{t('members.roles')}</p>
      <section className="section">
        <ErrorSummary error={change.error} />
        <LoadState loading={members.loading} error={members.error} retry={members.reload}>
          <DataTable
            caption={t('members.caption')}
            captionHidden={false}
            columns={[
              { header: t('members.col.name'), primary: true, cell: (m) => m.name ?? t('common.none') },
              { header: t('members.col.email'), cell: (m) => m.email },
              {
                header: t('members.col.role'),
                cell: (m) =>
                  editable(m) ? (
                    <select
                      className="input input-compact"
                      aria-label={t('members.roleFor', { email: m.email })}
                      value={m.role}
                      disabled={change.pending}
                      onChange={(e) => void change.run(m, e.target.value as Role)}
                    >
                      {assignable.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`role.${m.role}`)
                  ),
              },
              { header: t('members.col.since'), cell: (m) => formatDate(m.createdAt) },
              { header: t('common.actions'), className: 'cell-actions', cell: (m) => editable(m) && <RemoveMemberButton member={m} onClick={() => setRemoving(m)} /> },
            ]}
            rows={members.data?.items}
            rowKey={(m) => m.userId}
            empty={t('common.none')}
          />
        </LoadState>
      </section>
      <RemoveMemberDialog
        member={removing}
        onClose={() => setRemoving(null)}
        onDone={(m) => {
          setRemoving(null);
          members.reload();
          show(t('members.removed', { email: m.email }));
        }}
      />
      <section className="section" aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t('members.invitations')}</h2>
        <ErrorSummary error={withdraw.error} />
        <LoadState loading={invitations.loading} error={invitations.error} retry={invitations.reload}>
          <DataTable
            caption={t('members.invitations')}
            columns={[
              { header: t('members.col.email'), primary: true, cell: (i) => i.email },
              { header: t('members.col.role'), cell: (i) => t(`role.${i.role}`) },
              { header: t('members.col.expires'), cell: (i) => formatDate(i.expiresAt) },
              {
                header: <span className="visually-hidden">{t('members.col.actions')}</span>,
                cell: (i) =>
                  hasRole(session.role, i.role) && (
                    <Button variant="secondary" busy={withdraw.pending} aria-label={t('members.withdrawFor', { email: i.email })} onClick={() => void withdraw.run(i)}>
                      {t('members.withdraw')}
                    </Button>
                  ),
              },
            ]}
            rows={invitations.data?.items}
            rowKey={(i) => i.id}
            empty={t('members.noInvitations')}
          />
        </LoadState>
      </section>
      <section className="section" aria-labelledby="add-member-title">
        <h2 id="add-member-title">{t('members.add')}</h2>
        <p className="muted">{t('members.addIntro')}</p>
        <ErrorSummary error={add.error} labels={labels} />
        <SubmitForm key={add.formKey} action={add}>
          <TextField name="email" type="email" label={labels.email} required autoComplete="off" error={fieldError('email')} />
          <SelectField name="role" label={labels.role} defaultValue="issuer" options={assignable.map((r) => ({ value: r, label: t(`role.${r}`) }))} error={fieldError('role')} />
          <FormActions label={t('members.submit')} busy={add.pending} />
        </SubmitForm>
      </section>
      <MfaPolicySection />
      <SsoConnectionsSection />
    </>
  );
}
