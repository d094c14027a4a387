import { useRef, useState } from 'react';
import { createRule, deleteRule, listRules, updateRule, type AwardRule, type AwardRuleInput } from '../api/award-rules';
import { getAchievement } from '../api/badges';
import { ApiError, isApiError } from '../api/problem';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Choice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextAreaField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { ListSection } from '../components/ListSection';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { Badge } from '../components/StatusBadge';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useConfirm } from '../lib/useConfirm';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { EventSources } from './award-rules/EventSources';
import { RuleTest } from './award-rules/RuleTest';

/** A problem inside the condition tree (`conditions.all.0.op`) shown at its text area, naming where inside. */
function onFields(error: unknown): unknown {
  if (!isApiError(error)) return error;
  const errors = Object.entries(error.fields).map(([path, message]) => {
    const [top, ...inner] = path.split('.');
    return { path: `/${top}`, message: inner.length ? `${inner.join('.')}: ${message}` : message };
  });
  return new ApiError(error.status, { code: error.code, detail: error.message, errors });
}

const pretty = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 2));

/** An achievement's award rules: list, add, edit, delete, and test one against a sample event. */
export function AwardRulesPage({ params }: { params?: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { show } = useFlash();
  const achievementId = params?.id ?? '';
  const achievement = useLoad(() => getAchievement(achievementId), [achievementId]);
  const rules = useLoad(() => listRules(achievementId), [achievementId]);
  const [editing, setEditing] = useState<AwardRule | null>(null);
  const [formKey, setFormKey] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const parseJson = (text: string, field: string): unknown => {
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiError(400, { detail: t('rules.badJson'), errors: [{ path: `/${field}`, message: t('rules.badJson') }] });
    }
  };
  const read = (form: HTMLFormElement): AwardRuleInput => {
    const data = new FormData(form);
    return {
      name: String(data.get('name') ?? ''),
      eventType: String(data.get('eventType') ?? '').trim(),
      conditions: parseJson(String(data.get('conditions') ?? ''), 'conditions'),
      requires: parseJson(String(data.get('requires') ?? ''), 'requires'),
      repeatable: data.get('repeatable') === 'on',
      enabled: data.get('enabled') === 'on',
    };
  };
  const save = useSubmit(async (form: HTMLFormElement) => {
    const input = read(form);
    const saved = await (editing ? updateRule(achievementId, editing.id, input) : createRule(achievementId, input)).catch((error: unknown) => {
      throw onFields(error);
    });
    show(t(editing ? 'rules.saved' : 'rules.created', { name: saved.name }));
    setEditing(null);
    setFormKey((k) => k + 1);
    rules.reload();
  });
  const deleting = useConfirm(async (rule: AwardRule) => {
    await deleteRule(achievementId, rule.id);
    show(t('rules.deleted', { name: rule.name }));
    if (editing?.id === rule.id) setEditing(null);
    rules.reload();
  });
  const fieldError = useFieldError(save.error);
  const labels = { name: t('rules.name'), eventType: t('rules.eventType'), conditions: t('rules.conditions'), requires: t('rules.requires') };
  const startEditing = (rule: AwardRule | null) => {
    save.clearError();
    setEditing(rule);
    setFormKey((k) => k + 1);
  };

  return (
    <>
      <PageHeader title={achievement.data ? t('rules.title', { name: achievement.data.name }) : t('rules.titleLoading')} intro={t('rules.intro')} />
      <ListSection
        list={rules}
        error={rules.error ?? achievement.error}
        caption={t('rules.caption')}
        columns={[
          { header: t('rules.col.name'), primary: true, cell: (rule) => rule.name },
          { header: t('rules.col.eventType'), cell: (rule) => <code>{rule.eventType}</code> },
          { header: t('rules.col.policy'), cell: (rule) => (rule.repeatable ? t('rules.repeatable') : t('rules.once')) },
          { header: t('rules.col.status'), cell: (rule) => <Badge tone={rule.enabled ? 'active' : 'expired'}>{rule.enabled ? t('rules.enabled') : t('rules.disabled')}</Badge> },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (rule) => (
              <>
                <RowActionButton variant="secondary" label={t('rules.edit')} target={t('rules.target', { name: rule.name })} onClick={() => startEditing(rule)} />{' '}
                <RowActionButton label={t('rules.delete')} target={t('rules.target', { name: rule.name })} onClick={() => deleting.ask(rule)} />
              </>
            ),
          },
        ]}
        rowKey={(rule) => rule.id}
        empty={t('rules.empty')}
      />
      <section className="section" aria-labelledby="rule-form-title">
        <h2 id="rule-form-title">{editing ? t('rules.editing', { name: editing.name }) : t('rules.new')}</h2>
        <ErrorSummary error={save.error} labels={labels} />
        <form
          key={formKey}
          ref={formRef}
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(e.currentTarget);
          }}
        >
          <TextField name="name" label={t('rules.name')} required maxLength={200} defaultValue={editing?.name ?? ''} error={fieldError('name')} />
          <TextField name="eventType" label={t('rules.eventType')} hint={t('rules.eventTypeHint')} required maxLength={100} defaultValue={editing?.eventType ?? 'course.completed'} error={fieldError('eventType')} />
          <TextAreaField name="conditions" label={t('rules.conditions')} hint={t('rules.conditionsHint')} rows={6} spellCheck={false} defaultValue={pretty(editing?.conditions)} error={fieldError('conditions')} />
          <TextAreaField name="requires" label={t('rules.requires')} hint={t('rules.requiresHint')} rows={3} spellCheck={false} defaultValue={pretty(editing?.requires)} error={fieldError('requires')} />
          <Checkbox name="repeatable" label={t('rules.repeatableLabel')} defaultChecked={editing?.repeatable ?? false} />
          <Checkbox name="enabled" label={t('rules.enabledLabel')} defaultChecked={editing?.enabled ?? true} />
          <FormActions label={editing ? t('rules.save') : t('rules.submit')} busy={save.pending} />
          {editing && (
            <Button variant="secondary" onClick={() => startEditing(null)}>
              {t('rules.cancel')}
            </Button>
          )}
        </form>
      </section>
      <RuleTest
        achievementId={achievementId}
        ruleId={editing?.id}
        defaultEventType={editing?.eventType ?? 'course.completed'}
        parseJson={parseJson}
        readRule={() => {
          const form = formRef.current;
          if (!form) return { eventType: '', conditions: null, requires: null, repeatable: false };
          const { eventType, conditions, requires, repeatable } = read(form);
          return { eventType, conditions, requires, repeatable };
        }}
      />
      <EventSources />
      <ConfirmDialog confirming={deleting} title={t('rules.deleteTitle')} body={(rule) => t('rules.deleteBody', { name: rule.name })} confirmLabel={t('rules.deleteConfirm')} />
    </>
  );
}
