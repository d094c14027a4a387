import { AppError, type FieldProblem } from './errors.js';

/** Collects field problems and throws one validation error with all of them. */
export class FieldChecks {
  private readonly problems: FieldProblem[] = [];

  add(path: string, message: string): this {
    this.problems.push({ path, message });
    return this;
  }

  check(condition: boolean, path: string, message: string): this {
    if (!condition) this.add(path, message);
    return this;
  }

  throwIfAny(message = 'the request is not valid'): void {
    if (this.problems.length > 0) throw new AppError('validation', message, { fields: [...this.problems] });
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
