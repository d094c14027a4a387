import { useState } from 'react';
import { addMember, changeMemberRole, listMembers } from '../api/organisation';
import { ROLES, type Member, type Role } from '../api/types';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { RemoveMemberButton, RemoveMemberDialog } from '../components/RemoveMemberDialog';
import { SubmitForm } from '../components/SubmitForm';
import { EmptyRow, Table } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, optional } from '../lib/form';
import { hasRole } from '../lib/roles';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { useCurrentSession } from '../session/useSession';

export function MembersPage() {
  const { t, formatDate } = useI18n();
  const session = useCurrentSession();
  const { show } = useFlash();
  const members = useLoad(listMembers, []);
  const [formKey, setFormKey] = useState(0);
  const [removing, setRemoving] = useState<Member | null>(null);
  const assignable = ROLES.filter((r) => hasRole(session.role, r));

  const add = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const name = optional(v.name);
    const password = optional(v.password);
    const member = await addMember({ email: v.email!, role: v.role as Role, ...(name ? { name } : {}), ...(password ? { password } : {}) });
    setFormKey((k) => k + 1);
    members.reload();
    show(t('members.added', { email: member.email, role: t(`role.${member.role}`) }));
  });
  const change = useSubmit(async (member: Member, role: Role) => {
    await changeMemberRole(member.userId, role);
    members.reload();
    show(t('members.roleChanged', { email: member.email, role: t(`role.${role}`) }));
  });
  const fieldError = useFieldError(add.error);
  const labels = { email: t('members.email'), name: t('members.name'), role: t('members.role'), password: t('members.password') };

  return (
    <>
      <PageHeader title={t('members.title')} intro={t('members.intro')} />
      <p className="muted">{t('members.roles')}</p>
      <section className="section">
        <ErrorSummary error={change.error} />
        <LoadState loading={members.loading} error={members.error} retry={members.reload}>
          <Table caption={t('members.caption')} captionHidden={false}>
            <thead>
              <tr>
                <th scope="col">{t('members.col.name')}</th>
                <th scope="col">{t('members.col.email')}</th>
                <th scope="col">{t('members.col.role')}</th>
                <th scope="col">{t('members.col.since')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data?.items.length === 0 && <EmptyRow colSpan={5}>{t('common.none')}</EmptyRow>}
              {members.data?.items.map((m) => {
                const editable = m.userId !== session.user.id && hasRole(session.role, m.role);
                return (
                  <tr key={m.userId}>
                    <th scope="row" className="cell-primary">
                      {m.name ?? t('common.none')}
                    </th>
                    <td>{m.email}</td>
                    <td>
                      {editable ? (
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
                      )}
                    </td>
                    <td>{formatDate(m.createdAt)}</td>
                    <td className="cell-actions">{editable && <RemoveMemberButton member={m} onClick={() => setRemoving(m)} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
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
      <section className="section" aria-labelledby="add-member-title">
        <h2 id="add-member-title">{t('members.add')}</h2>
        <ErrorSummary error={add.error} labels={labels} />
        <SubmitForm key={formKey} action={add}>
          <TextField name="email" type="email" label={labels.email} required autoComplete="off" error={fieldError('email')} />
          <TextField name="name" label={labels.name} maxLength={200} autoComplete="off" error={fieldError('name')} />
          <SelectField name="role" label={labels.role} defaultValue="issuer" options={assignable.map((r) => ({ value: r, label: t(`role.${r}`) }))} error={fieldError('role')} />
          <TextField name="password" type="password" label={labels.password} hint={t('members.passwordHint')} minLength={10} autoComplete="new-password" error={fieldError('password')} />
          <FormActions label={t('members.submit')} busy={add.pending} />
        </SubmitForm>
      </section>
    </>
  );
}
