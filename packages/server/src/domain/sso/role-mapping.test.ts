import { describe, expect, it } from 'vitest';
import { domainOf, mappedRole } from './role-mapping.js';

describe('SSO role mapping', () => {
  const connection = { roleMapping: [{ value: 'badge-issuers', role: 'issuer' as const }, { value: 'badge-admins', role: 'admin' as const }, { value: 'root', role: 'owner' as const }], defaultRole: null };

  it('gives the highest matching role, never owner, and the default when nothing matches', () => {
    expect(mappedRole(connection, ['staff', 'badge-issuers', 'badge-admins'])).toBe('admin');
    expect(mappedRole(connection, ['badge-issuers'])).toBe('issuer');
    expect(mappedRole(connection, ['root'])).toBeNull();
    expect(mappedRole(connection, [])).toBeNull();
    expect(mappedRole({ ...connection, defaultRole: 'viewer' }, ['students'])).toBe('viewer');
    expect(mappedRole({ ...connection, defaultRole: 'owner' }, ['students'])).toBeNull();
  });

  it('reads the domain of an address, lower case', () => {
    expect(domainOf('Ada@Uni.Example')).toBe('uni.example');
    expect(domainOf('a@b@evil.example')).toBe('evil.example');
    expect(domainOf('no-at-sign')).toBeNull();
    expect(domainOf('@uni.example')).toBeNull();
  });
});
