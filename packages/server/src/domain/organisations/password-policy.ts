import type { FieldChecks } from '../shared/validation.js';

export const MIN_PASSWORD_LENGTH = 10;

export function checkPassword(checks: FieldChecks, password: string, path = '/password'): void {
  checks.check(password.length >= MIN_PASSWORD_LENGTH, path, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  checks.check(password.length <= 1024, path, 'must be at most 1024 characters');
}
