import { describe, expect, it } from 'vitest';
import { detailsFromForm } from './achievement-details';

describe('achievement details from the form', () => {
  it('takes credits, code, language, the French version and the result; keeps result descriptions the form does not show', () => {
    const initial = {
      specialization: 'Pipelines',
      translations: { de: { name: 'Schweißen' } },
      resultDescriptions: [
        { key: 'exam', name: 'Old', resultType: 'Percent' },
        { key: 'rubric', name: 'Project', resultType: 'RubricCriterionLevel', rubricCriterionLevel: [{ key: 'ok', name: 'OK' }] },
      ],
    };
    const d = detailsFromForm(
      {
        'details.creditsAvailable': '7.5', 'details.humanCode': ' WLD-1 ', 'details.inLanguage': 'en', 'details.fieldOfStudy': '',
        'details.fr.name': 'Soudage', 'details.fr.description': '',
        'details.result.name': 'Final exam', 'details.result.type': 'Percent', 'details.result.min': '0', 'details.result.max': '100', 'details.result.required': '',
      },
      initial,
    );
    expect(d).toEqual({
      creditsAvailable: 7.5,
      specialization: 'Pipelines',
      humanCode: 'WLD-1',
      inLanguage: 'en',
      translations: { de: { name: 'Schweißen' }, fr: { name: 'Soudage' } },
      resultDescriptions: [{ key: 'exam', name: 'Final exam', resultType: 'Percent', valueMin: '0', valueMax: '100' }, initial.resultDescriptions[1]],
    });
  });

  it('a cleared form clears the French version and the first result', () => {
    expect(detailsFromForm({}, { translations: { fr: { name: 'x' } }, resultDescriptions: [{ key: 'a', name: 'A', resultType: 'Status' }] })).toEqual({});
  });

  it('takes the credit unit and the learning hours; an unknown unit from a tampered form is dropped', () => {
    expect(detailsFromForm({ 'details.creditsAvailable': '5', 'details.creditUnit': 'ECTS', 'details.hours': '140' })).toEqual({ creditsAvailable: 5, creditUnit: 'ECTS', hours: 140 });
    expect(detailsFromForm({ 'details.creditUnit': 'Parsecs', 'details.hours': '' })).toEqual({});
  });
});
