import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../domain/shared/errors.js';
import { HTTP_PROBLEM_CODES, PROBLEMS } from './problems.js';

describe('problem types', () => {
  const doc = readFileSync(new URL('../../../../../docs/problems.md', import.meta.url), 'utf8');

  it('every domain and HTTP error code has a status and is documented with it', () => {
    for (const code of [...ERROR_CODES, ...HTTP_PROBLEM_CODES]) {
      const { status } = PROBLEMS[code];
      expect(doc, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
    }
    expect(Object.keys(PROBLEMS).sort()).toEqual([...ERROR_CODES, ...HTTP_PROBLEM_CODES].sort());
  });
});
