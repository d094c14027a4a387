import { describe, expect, it } from 'vitest';
import { conditionProblems, evaluateCondition, inOrderChain, requirementMet, requirementProblems, valueAt, type Condition } from './conditions.js';

describe('the rule condition language', () => {
  const data = { score: 85, course: { id: 'rust-101', tags: ['beta', 'online'] }, finishedAt: '2026-11-30T10:00:00Z', passed: true, items: [{ ok: 1 }] };
  const holds = (c: Condition) => {
    expect(conditionProblems(c)).toEqual([]);
    return evaluateCondition(c, data);
  };

  it('compares numbers, text, lists and presence at dotted paths', () => {
    expect(holds({ path: 'score', op: '>=', value: 80 })).toBe(true);
    expect(holds({ path: 'score', op: '>', value: 85 })).toBe(false);
    expect(holds({ path: 'course.id', op: '==', value: 'rust-101' })).toBe(true);
    expect(holds({ path: 'course.id', op: 'in', value: ['go-101', 'rust-101'] })).toBe(true);
    expect(holds({ path: 'course.tags', op: 'contains', value: 'online' })).toBe(true);
    expect(holds({ path: 'finishedAt', op: '<', value: '2026-12-01' })).toBe(true);
    expect(holds({ path: 'items.0.ok', op: '==', value: 1 })).toBe(true);
    expect(holds({ path: 'missing', op: 'exists', value: false })).toBe(true);
    expect(holds({ all: [{ path: 'passed', op: '==', value: true }, { not: { path: 'score', op: '<', value: 50 } }] })).toBe(true);
    expect(holds({ any: [{ path: 'score', op: '==', value: 1 }, { path: 'score', op: '!=', value: 85 }] })).toBe(false);
  });

  it('never coerces: "85" is not 85, and a missing value compares false', () => {
    expect(evaluateCondition({ path: 'score', op: '>=', value: 80 }, { score: '85' })).toBe(false);
    expect(evaluateCondition({ path: 'score', op: '==', value: 85 }, { score: '85' })).toBe(false);
    expect(evaluateCondition({ path: 'score', op: '<', value: 80 }, {})).toBe(false);
  });

  it('reads own data only: prototype names find nothing', () => {
    expect(valueAt({}, 'constructor')).toBeUndefined();
    expect(valueAt({ a: {} }, 'a.__proto__')).toBeUndefined();
    expect(valueAt({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(valueAt(JSON.parse('{"__proto__": {"x": 1}}'), '__proto__.x')).toBeUndefined();
  });

  it('refuses trees that are malformed, too big, too deep or reach outside data', () => {
    const bad: unknown[] = [
      null, 'score >= 80', [], { all: [] }, { all: 'x' }, { path: 'score', op: '~=', value: 1 }, { path: 'score', op: '>=' },
      { path: 'a..b', op: 'exists' }, { path: 'prototype', op: 'exists' }, { path: 'a', op: '==', value: { nested: true } },
      { path: 'a', op: '==', value: 'x'.repeat(300) }, { path: 'a', op: 'in', value: Array.from({ length: 101 }, (_, i) => i) },
      { path: 'a', op: '==', value: 1, extra: 1 }, { all: Array.from({ length: 65 }, () => ({ path: 'a', op: 'exists' })) },
      { path: Array.from({ length: 9 }, () => 'a').join('.'), op: 'exists' },
      JSON.parse('{"not":'.repeat(6) + '{"path":"a","op":"exists"}' + '}'.repeat(6)),
    ];
    for (const c of bad) expect(conditionProblems(c), JSON.stringify(c)?.slice(0, 60)).not.toEqual([]);
  });

  it('pathways: all or any of the required achievements', () => {
    expect(requirementMet({ all: ['a', 'b'] }, new Set(['a']))).toBe(false);
    expect(requirementMet({ all: ['a', 'b'] }, new Set(['a', 'b']))).toBe(true);
    expect(requirementMet({ any: ['a', 'b'] }, new Set(['b']))).toBe(true);
  });

  it('pathways: at least N of a set, and in order by award date (not earlier than the part before)', () => {
    expect(requirementMet({ atLeast: 2, of: ['a', 'b', 'c'] }, new Set(['c']))).toBe(false);
    expect(requirementMet({ atLeast: 2, of: ['a', 'b', 'c'] }, new Set(['a', 'c', 'x']))).toBe(true);
    const on = (entries: Record<string, string[]>) => new Map(Object.entries(entries));
    expect(requirementMet({ inOrder: ['a', 'b'] }, new Set(['a', 'b']))).toBe(false); // no dates: no order
    expect(requirementMet({ inOrder: ['a', 'b'] }, new Set(['a', 'b']), on({ a: ['2026-01-02'], b: ['2026-01-01'] }))).toBe(false);
    expect(requirementMet({ inOrder: ['a', 'b'] }, new Set(['a', 'b']), on({ a: ['2026-01-02'], b: ['2026-01-01', '2026-01-03'] }))).toBe(true);
    expect(inOrderChain(['a', 'b', 'c'], on({ a: ['2026-01-05', '2026-01-01'], b: ['2026-01-02'], c: ['2026-01-01'] })).map((l) => l.achievementId)).toEqual(['a', 'b']);
    expect(requirementProblems({ atLeast: 2, of: ['a', 'b'] })).toEqual([]);
    for (const bad of [{ atLeast: 3, of: ['a', 'b'] }, { atLeast: '1', of: ['a'] }, { inOrder: ['a'] }, { inOrder: ['a', 'a'] }, { any: ['a'], inOrder: ['a', 'b'] }, { of: ['a'] }]) {
      expect(requirementProblems(bad), JSON.stringify(bad)).not.toEqual([]);
    }
  });
});
