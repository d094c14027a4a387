/** Ports shared by every domain module: time and identifiers. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new opaque, unguessable identifier. */
  id(): string;
  /** A random secret token (URL-safe). */
  token(bytes?: number): string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, absent on the last page. */
  nextCursor?: string | undefined;
}

export interface PageQuery {
  limit: number;
  cursor?: string | undefined;
}
