import type { RenewalSettings } from '../../api/types';
import { graceDays } from '../../lib/renewal-settings';
import { useEffect, useRef, useState } from 'react';
import type { Alignment, Criteria } from '../../api/types';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/useI18n';
import { DURATION_UNITS, MAX_DURATION_AMOUNT, formatDuration, validityStart } from '../../lib/duration';
import { optional } from '../../lib/form';
import { Button } from '../Button';
import { Checkbox, RadioGroup } from '../Choice';
import { SelectField, TextAreaField, TextField } from '../Field';
import { fieldId } from '../field-id';

type FieldError = (path: string) => string | undefined;
type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The labels the error summary uses to name fields of the achievement form. */
export function achievementLabels(t: T) {
  return {
    issuerId: t('achievementForm.issuer'),
    name: t('achievementForm.name'),
    description: t('achievementForm.description'),
    kind: t('achievementForm.kind'),
    validity: t('achievementForm.validity'),
    'criteria.narrative': t('achievementForm.criteriaNarrative'),
    'criteria.url': t('achievementForm.criteriaUrl'),
    criteria: t('achievementForm.criteria'),
    tags: t('achievementForm.tags'),
    image: t('achievementForm.image'),
    alignments: t('alignments.legend'),
  } as Record<string, string>;
}

/**
 * The certification's validity: an amount and a unit. A stored period those cannot show exactly
 * (`P1Y6M`, `PT12H`, …) is offered to keep as it is, or to replace; it never changes unless replaced.
 */
export function ValidityFieldset({ error, renewable, onRenewable, initial, renewal }: { error?: string | undefined; renewable: boolean; onRenewable: (value: boolean) => void; initial?: string | null; renewal?: RenewalSettings }) {
  const { t } = useI18n();
  const start = validityStart(initial);
  const [mode, setMode] = useState<'keep' | 'change'>('keep');
  const fields = start.mode === 'simple' ? start : (start.equivalent ?? { amount: '', unit: 'years' });
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('achievementForm.validity')}</legend>
      {start.mode === 'simple' && <p className="field-hint">{t('achievementForm.validityHint')}</p>}
      {error && <p className="field-error">{error}</p>}
      {start.mode === 'custom' && (
        <RadioGroup
          name="validityMode"
          legend={t('validity.current')}
          value={mode}
          onChange={(value) => setMode(value as 'keep' | 'change')}
          options={[
            { value: 'keep', label: t('validity.keep', { period: formatDuration(start.iso, t) }), hint: t('validity.keepHint', { iso: start.iso }) },
            { value: 'change', label: t('validity.change'), hint: t('validity.changeHint') },
          ]}
        />
      )}
      {(start.mode === 'simple' || mode === 'change') && (
        <div className="row">
          <TextField name="validityAmount" type="number" inputMode="numeric" min={1} max={MAX_DURATION_AMOUNT} step={1} label={t('achievementForm.validityAmount')} optional={false} className="input input-narrow" defaultValue={fields.amount} />
          <SelectField name="validityUnit" label={t('achievementForm.validityUnit')} defaultValue={fields.unit} options={DURATION_UNITS.map((u) => ({ value: u, label: t(`achievementForm.unit.${u}`) }))} />
        </div>
      )}
      <Checkbox name="renewable" label={t('achievementForm.renewable')} checked={renewable} onChange={(e) => onRenewable(e.target.checked)} />
      {renewable && (
        <>
          <SelectField
            name="renewalMode"
            label={t('achievementForm.renewalMode')}
            defaultValue={renewal?.renewalMode ?? 'manual'}
            options={[
              { value: 'manual', label: t('achievementForm.renewalMode.manual') },
              { value: 'automatic', label: t('achievementForm.renewalMode.automatic') },
            ]}
          />
          <TextField name="graceDays" type="number" inputMode="numeric" min={0} max={3650} step={1} label={t('achievementForm.graceDays')} hint={t('achievementForm.graceDaysHint')} className="input input-narrow" defaultValue={graceDays(renewal?.gracePeriod)} />
        </>
      )}
      <TextField name="reminderOffsets" label={t('achievementForm.reminderOffsets')} hint={t('achievementForm.reminderOffsetsHint')} defaultValue={renewal?.reminderOffsets?.join(', ') ?? '90, 30, 7'} />
    </fieldset>
  );
}

export function CriteriaFieldset({ fieldError, initial }: { fieldError: FieldError; initial?: Criteria }) {
  const { t } = useI18n();
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('achievementForm.criteria')}</legend>
      <p className="field-hint">{t('achievementForm.criteriaHint')}</p>
      {fieldError('criteria') && <p className="field-error">{fieldError('criteria')}</p>}
      <TextAreaField name="criteria.narrative" label={t('achievementForm.criteriaNarrative')} maxLength={20000} defaultValue={initial?.narrative ?? ''} error={fieldError('criteria.narrative')} />
      <TextField name="criteria.url" type="url" label={t('achievementForm.criteriaUrl')} defaultValue={initial?.url ?? ''} error={fieldError('criteria.url')} />
    </fieldset>
  );
}

/** The criteria object from the form: only the parts that were filled. */
export function criteriaFromForm(v: Record<string, string>): Criteria {
  const narrative = optional(v['criteria.narrative']);
  const url = optional(v['criteria.url']);
  return { ...(narrative ? { narrative } : {}), ...(url ? { url } : {}) };
}

const ALIGNMENT_KEYS = ['targetName', 'targetUrl', 'targetFramework', 'targetCode', 'targetDescription'] as const;

/** `alignments.0.targetName`, … → the list, rows in order, blank rows and blank optional parts left out. */
export function alignmentsFromForm(v: Record<string, string>): Alignment[] {
  const rows = new Map<number, Partial<Record<(typeof ALIGNMENT_KEYS)[number], string>>>();
  for (const [key, value] of Object.entries(v)) {
    const match = /^alignments\.(\d+)\.(\w+)$/.exec(key);
    if (!match || !(ALIGNMENT_KEYS as readonly string[]).includes(match[2]!) || value === '') continue;
    const index = Number(match[1]);
    rows.set(index, { ...rows.get(index), [match[2]!]: value });
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => ({ targetName: row.targetName ?? '', targetUrl: row.targetUrl ?? '', ...Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'targetName' && k !== 'targetUrl')) }));
}

let nextRowKey = 0;

/** Alignments to frameworks or standards: rows to add and remove, each with its own labelled fields. */
export function AlignmentsFieldset({ fieldError, initial = [] }: { fieldError: FieldError; initial?: readonly Alignment[] }) {
  const { t } = useI18n();
  const [rows, setRows] = useState(() => initial.map((alignment) => ({ key: nextRowKey++, alignment })));
  // After adding a row, focus moves to its first field; after removing one, to the add button.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [rows]);

  const add = () => {
    focusNext.current = fieldId(`alignments.${rows.length}.targetName`);
    setRows((r) => [...r, { key: nextRowKey++, alignment: { targetName: '', targetUrl: '' } }]);
  };
  const remove = (key: number) => {
    focusNext.current = 'alignments-add';
    setRows((r) => r.filter((row) => row.key !== key));
  };

  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('alignments.legend')}</legend>
      <p className="field-hint">{t('alignments.hint')}</p>
      {fieldError('alignments') && <p className="field-error">{fieldError('alignments')}</p>}
      {rows.map(({ key, alignment }, i) => {
        const name = (part: string) => `alignments.${i}.${part}`;
        const n = i + 1;
        return (
          <fieldset className="fieldset alignment" key={key}>
            <legend className="field-label">{t('alignments.row', { n })}</legend>
            <TextField
              name={name('targetName')}
              label={t('alignments.targetName')}
              required
              maxLength={500}
              defaultValue={alignment.targetName}
              error={fieldError(name('targetName'))}
            />
            <TextField name={name('targetUrl')} type="url" label={t('alignments.targetUrl')} required maxLength={2048} defaultValue={alignment.targetUrl} error={fieldError(name('targetUrl'))} />
            <div className="row">
              <TextField name={name('targetFramework')} label={t('alignments.targetFramework')} maxLength={500} defaultValue={alignment.targetFramework ?? ''} error={fieldError(name('targetFramework'))} />
              <TextField name={name('targetCode')} label={t('alignments.targetCode')} maxLength={200} defaultValue={alignment.targetCode ?? ''} error={fieldError(name('targetCode'))} />
            </div>
            <TextAreaField name={name('targetDescription')} label={t('alignments.targetDescription')} rows={2} maxLength={5000} defaultValue={alignment.targetDescription ?? ''} error={fieldError(name('targetDescription'))} />
            <Button variant="secondary" onClick={() => remove(key)}>
              {t('alignments.remove')}
              <span className="visually-hidden"> {t('alignments.row', { n })}</span>
            </Button>
          </fieldset>
        );
      })}
      <div>
        <Button variant="secondary" id="alignments-add" onClick={add}>
          {t('alignments.add')}
        </Button>
      </div>
    </fieldset>
  );
}
