import { describe, expect, it } from 'vitest';
import { alignmentsFromForm, criteriaFromForm } from '../components/achievement/AchievementFields';

describe('achievement form helpers', () => {
  it('reads alignment rows in order, leaving out blank rows and blank optional parts', () => {
    const v = {
      name: 'First Aid',
      'alignments.1.targetName': 'ESCO first aid',
      'alignments.1.targetUrl': 'https://esco.example/first-aid',
      'alignments.1.targetCode': 'S3.1',
      'alignments.1.targetFramework': '',
      'alignments.0.targetName': 'CPR',
      'alignments.0.targetUrl': 'https://example.org/cpr',
      'alignments.2.targetName': '',
      'alignments.2.targetUrl': '',
    };
    expect(alignmentsFromForm(v)).toEqual([
      { targetName: 'CPR', targetUrl: 'https://example.org/cpr' },
      { targetName: 'ESCO first aid', targetUrl: 'https://esco.example/first-aid', targetCode: 'S3.1' },
    ]);
    expect(alignmentsFromForm({ name: 'x' })).toEqual([]);
  });

  it('reads criteria, leaving out blank parts', () => {
    expect(criteriaFromForm({ 'criteria.narrative': 'Pass', 'criteria.url': '' })).toEqual({ narrative: 'Pass' });
  });
});
