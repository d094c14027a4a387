import { useState } from 'react';
import { testRule, type AwardRuleInput, type RuleTestResult, type SampleEvent } from '../../api/award-rules';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextAreaField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { SubmitForm } from '../../components/SubmitForm';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';

export const sampleEvent = (eventType: string): string =>
  JSON.stringify({ id: 'sample-1', type: eventType || 'course.completed', occurredAt: new Date().toISOString(), subject: { email: 'learner@example.org', name: 'Ada Learner' }, data: { score: 85 } }, null, 2);

/** "Test against a sample event": the rule as it stands in the form, evaluated by the server, awarding nothing. */
export function RuleTest({ achievementId, ruleId, defaultEventType, readRule, parseJson }: { achievementId: string; ruleId?: string | undefined; defaultEventType: string; readRule: () => Omit<AwardRuleInput, 'name' | 'enabled'>; parseJson: (text: string, field: string) => unknown }) {
  const { t } = useI18n();
  const [result, setResult] = useState<RuleTestResult | null>(null);
  const run = useSubmit(async (form: HTMLFormElement) => {
    setResult(null);
    const event = parseJson(String(new FormData(form).get('sample') ?? ''), 'sample') as SampleEvent;
    setResult(await testRule(achievementId, { ...(ruleId ? { ruleId } : {}), rule: readRule(), event }));
  });
  const answer = (v: boolean | null) => (v === null ? t('rules.notApplicable') : v ? t('rules.yes') : t('rules.no'));
  return (
    <section className="section" aria-labelledby="rule-test-title">
      <h2 id="rule-test-title">{t('rules.test')}</h2>
      <p>{t('rules.testIntro')}</p>
      <ErrorSummary error={run.error} labels={{ sample: t('rules.sample') }} />
      <SubmitForm action={run}>
        <TextAreaField name="sample" label={t('rules.sample')} hint={t('rules.sampleHint')} rows={10} defaultValue={sampleEvent(defaultEventType)} required spellCheck={false} />
        <FormActions label={t('rules.testSubmit')} busy={run.pending} />
      </SubmitForm>
      <div role="status" aria-live="polite">
        {result && (
          <div className={`alert ${result.wouldAward ? 'alert-success' : 'alert-info'}`}>
            <h3 className="alert-title">{t('rules.result')}</h3>
            <p>
              <strong>{result.wouldAward ? t('rules.wouldAward') : t('rules.wouldNotAward')}</strong>
            </p>
            <dl className="facts">
              <dt>{t('rules.check.eventType')}</dt>
              <dd>{answer(result.eventType)}</dd>
              <dt>{t('rules.check.conditions')}</dt>
              <dd>{answer(result.conditions)}</dd>
              <dt>{t('rules.check.requirement')}</dt>
              <dd>{answer(result.requirement)}</dd>
              <dt>{t('rules.check.alreadyAwarded')}</dt>
              <dd>{answer(result.alreadyAwarded)}</dd>
            </dl>
          </div>
        )}
      </div>
    </section>
  );
}
