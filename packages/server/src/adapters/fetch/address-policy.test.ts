import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address-policy.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', true], ['2606:4700:4700::1111', true], ['::ffff:8.8.8.8', true],
    ['10.0.0.1', false], ['172.16.5.4', false], ['192.168.0.1', false], ['127.0.0.1', false], ['127.255.0.1', false],
    ['169.254.169.254', false], ['100.64.0.1', false], ['0.0.0.0', false], ['0.1.2.3', false], ['224.0.0.1', false],
    ['255.255.255.255', false], ['240.0.0.1', false], ['::1', false], ['::', false], ['fe80::1', false], ['fc00::1', false],
    ['fd12:3456::1', false], ['ff02::1', false], ['::ffff:127.0.0.1', false], ['::ffff:169.254.169.254', false],
    ['64:ff9b::a00:1', false], ['2002:a00:1::', false], ['not-an-ip', false],
  ])('%s -> allowed %s', (address, allowed) => {
    expect(classifyAddress(address, false).allowed).toBe(allowed);
  });

  it('allowPrivate admits private and loopback, never link-local or unspecified', () => {
    expect(classifyAddress('10.0.0.1', true).allowed).toBe(true);
    expect(classifyAddress('::ffff:127.0.0.1', true)).toMatchObject({ allowed: true, address: '127.0.0.1', family: 4 });
    expect(classifyAddress('169.254.169.254', true).allowed).toBe(false);
    expect(classifyAddress('fe80::1', true).allowed).toBe(false);
    expect(classifyAddress('0.0.0.0', true).allowed).toBe(false);
  });
});
