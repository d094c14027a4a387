import type { FieldProblem } from '../shared/errors.js';

/**
 * The rule language: a JSON tree, evaluated by walking it (never `eval`, never a regular expression
 * from outside). A leaf compares the value at a dotted `path` of the event's `data` with a constant.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { path: string; op: ComparisonOp; value?: unknown };

export const COMPARISON_OPS = ['==', '!=', '>', '>=', '<', '<=', 'in', 'contains', 'exists'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/**
 * Pathways: the recipient must already hold all, any or at least `atLeast` of these achievements, or all of
 * them earned in the order listed (each awarded no earlier than the one before it).
 */
export type Requirement = { all: string[] } | { any: string[] } | { atLeast: number; of: string[] } | { inOrder: string[] };

export const CONDITION_LIMITS = {
  depth: 6,
  nodes: 64,
  pathSegments: 8,
  segmentLength: 64,
  /** A constant (string, or each item of an `in` list). */
  stringLength: 256,
  listItems: 100,
  requiredAchievements: 20,
} as const;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= CONDITION_LIMITS.stringLength);

/** Problems of a condition tree from outside (empty: it is well formed and within the limits). */
export function conditionProblems(input: unknown, at = '/conditions'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let nodes = 0;
  const walk = (node: unknown, path: string, depth: number): void => {
    nodes++;
    if (nodes > CONDITION_LIMITS.nodes) {
      if (nodes === CONDITION_LIMITS.nodes + 1) problems.push({ path: at, message: `at most ${CONDITION_LIMITS.nodes} conditions` });
      return;
    }
    if (depth > CONDITION_LIMITS.depth) return void problems.push({ path, message: `nested at most ${CONDITION_LIMITS.depth} deep` });
    if (!isObject(node)) return void problems.push({ path, message: 'must be an object: {all}, {any}, {not} or {path, op, value}' });
    const keys = Object.keys(node);
    if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
      const list = node[keys[0]];
      if (!Array.isArray(list) || list.length === 0) return void problems.push({ path: `${path}/${keys[0]}`, message: 'must be a non-empty list of conditions' });
      list.forEach((child, i) => walk(child, `${path}/${keys[0]}/${i}`, depth + 1));
      return;
    }
    if (keys.length === 1 && keys[0] === 'not') return walk(node.not, `${path}/not`, depth + 1);
    if (!('path' in node) || !('op' in node) || keys.some((k) => !['path', 'op', 'value'].includes(k))) {
      return void problems.push({ path, message: 'must be {all: [...]}, {any: [...]}, {not: {...}} or {path, op, value}' });
    }
    const pathProblem = dataPathProblem(node.path);
    if (pathProblem) problems.push({ path: `${path}/path`, message: pathProblem });
    if (typeof node.op !== 'string' || !(COMPARISON_OPS as readonly string[]).includes(node.op)) {
      return void problems.push({ path: `${path}/op`, message: `one of ${COMPARISON_OPS.join(' ')}` });
    }
    const valueProblem = constantProblem(node.op as ComparisonOp, node.value, 'value' in node);
    if (valueProblem) problems.push({ path: `${path}/value`, message: valueProblem });
  };
  walk(input, at, 1);
  return problems;
}

function dataPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'a dotted path into data, e.g. "score" or "course.id"';
  const segments = path.split('.');
  if (segments.length > CONDITION_LIMITS.pathSegments) return `at most ${CONDITION_LIMITS.pathSegments} segments`;
  for (const s of segments) {
    if (!SEGMENT.test(s) || s.length > CONDITION_LIMITS.segmentLength) return 'segments of letters, digits, _ and - (at most 64 each)';
    if (FORBIDDEN_SEGMENTS.has(s)) return `"${s}" is not a data field`;
  }
  return undefined;
}

function constantProblem(op: ComparisonOp, value: unknown, given: boolean): string | undefined {
  if (op === 'exists') return given && typeof value !== 'boolean' ? 'true or false (or leave it out: true)' : undefined;
  if (!given) return 'a value to compare with';
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > CONDITION_LIMITS.listItems) return `a list of 1 to ${CONDITION_LIMITS.listItems} values`;
    return value.every(isScalar) ? undefined : `strings (at most ${CONDITION_LIMITS.stringLength} characters), numbers, booleans or null`;
  }
  if (['>', '>=', '<', '<='].includes(op)) return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= CONDITION_LIMITS.stringLength) ? undefined : 'a number (or a string, compared as text)';
  return isScalar(value) ? undefined : `a string (at most ${CONDITION_LIMITS.stringLength} characters), number, boolean or null`;
}

const REQUIREMENT_SHAPE = 'must be {all: [ids]}, {any: [ids]}, {atLeast: n, of: [ids]} or {inOrder: [ids]}';

/** Problems of a pathway requirement: {all: ids}, {any: ids}, {atLeast: n, of: ids} or {inOrder: ids}. */
export function requirementProblems(input: unknown, at = '/requires'): FieldProblem[] {
  if (!isObject(input)) return [{ path: at, message: REQUIREMENT_SHAPE }];
  const keys = Object.keys(input).sort();
  const key = keys.length === 2 && keys[0] === 'atLeast' && keys[1] === 'of' ? 'of' : keys.length === 1 && ['all', 'any', 'inOrder'].includes(keys[0]!) ? keys[0]! : undefined;
  if (key === undefined) return [{ path: at, message: REQUIREMENT_SHAPE }];
  const list = input[key];
  if (!Array.isArray(list) || list.length === 0 || list.length > CONDITION_LIMITS.requiredAchievements || !list.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 64)) {
    return [{ path: `${at}/${key}`, message: `1 to ${CONDITION_LIMITS.requiredAchievements} achievement ids` }];
  }
  if (new Set(list).size !== list.length) return [{ path: `${at}/${key}`, message: 'an achievement at most once' }];
  if (key === 'inOrder' && list.length < 2) return [{ path: `${at}/inOrder`, message: 'at least 2 achievement ids (an order needs two)' }];
  if (key === 'of') {
    const n = input.atLeast;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > list.length) return [{ path: `${at}/atLeast`, message: `a whole number from 1 to the ${list.length} achievements listed` }];
  }
  return [];
}

export const requiredIds = (r: Requirement): string[] => ('all' in r ? r.all : 'any' in r ? r.any : 'of' in r ? r.of : r.inOrder);

/** How many of the parts must be held: every one, one, or `atLeast`. */
export const requiredCount = (r: Requirement): number => ('any' in r ? 1 : 'atLeast' in r ? r.atLeast : requiredIds(r).length);

/** The requirement's mode, as the earner's progress names it. */
export const requirementMode = (r: Requirement): 'all' | 'any' | 'atLeast' | 'inOrder' => ('all' in r ? 'all' : 'any' in r ? 'any' : 'inOrder' in r ? 'inOrder' : 'atLeast');

/**
 * Whether the recipient's held achievements meet the requirement. `awardedOn`: each held achievement's award
 * dates (ISO 8601), needed by `inOrder` only (without them an order is never met).
 */
export function requirementMet(r: Requirement, held: ReadonlySet<string>, awardedOn?: ReadonlyMap<string, readonly string[]>): boolean {
  if ('inOrder' in r) return awardedOn !== undefined && inOrderChain(r.inOrder, awardedOn).length === r.inOrder.length;
  return requiredIds(r).filter((id) => held.has(id)).length >= requiredCount(r);
}

/**
 * The longest prefix of `ids` earned in order: for each part in turn, its earliest award no earlier than the
 * award chosen for the part before it. Greedy earliest picks find the longest chain there is.
 */
export function inOrderChain(ids: readonly string[], awardedOn: ReadonlyMap<string, readonly string[]>): Array<{ achievementId: string; awardedOn: string }> {
  const chain: Array<{ achievementId: string; awardedOn: string }> = [];
  let previous = -Infinity;
  for (const id of ids) {
    const next = (awardedOn.get(id) ?? []).map((d) => Date.parse(d)).filter((t) => Number.isFinite(t) && t >= previous).sort((a, b) => a - b)[0];
    if (next === undefined) break;
    chain.push({ achievementId: id, awardedOn: new Date(next).toISOString() });
    previous = next;
  }
  return chain;
}

/** The value at a dotted path of `data` (own properties only), or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    if (Array.isArray(current) && /^(0|[1-9][0-9]{0,5})$/.test(segment)) current = current[Number(segment)];
    else if (isObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** Evaluates a condition tree (already checked by `conditionProblems`) against an event's data. */
export function evaluateCondition(condition: Condition, data: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, data));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, data));
  if ('not' in condition) return !evaluateCondition(condition.not, data);
  return compare(valueAt(data, condition.path), condition.op, condition.value);
}

function compare(actual: unknown, op: ComparisonOp, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return (actual !== undefined) === (expected ?? true);
    case '==':
      return actual !== undefined && isScalar(actual) && actual === expected;
    case '!=':
      return !(actual !== undefined && isScalar(actual) && actual === expected);
    case 'in':
      return Array.isArray(expected) && isScalar(actual) && expected.includes(actual);
    case 'contains':
      if (typeof actual === 'string' && typeof expected === 'string') return actual.includes(expected);
      return Array.isArray(actual) && actual.some((item) => isScalar(item) && item === expected);
    default:
      return ordered(actual, op, expected);
  }
}

/** Numbers with numbers, strings with strings (ISO dates compare as text); anything else is false. */
function ordered(actual: unknown, op: '>' | '>=' | '<' | '<=', expected: unknown): boolean {
  const same = (typeof actual === 'number' && typeof expected === 'number' && Number.isFinite(actual)) || (typeof actual === 'string' && typeof expected === 'string');
  if (!same) return false;
  const a = actual as number | string;
  const b = expected as number | string;
  return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
}
