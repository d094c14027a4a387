import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  MIN_STATUS_LIST_BITS,
  StatusListError,
  buildBitstringStatusListEntry,
  buildOb2RevocationList,
  buildStatusListCredential,
  createBitstring,
  decodeBitstring,
  encodeBitstring,
  getBit,
  parseListEntry,
  read1EdTechRevocationList,
  readOb2RevocationList,
  readStatusBit,
  withBit,
} from './index.js';

// The empty 16 KiB list from the W3C Bitstring Status List / StatusList2021 examples.
const W3C_EMPTY = 'H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('bitstring', () => {
  it('decodes the W3C example lists (BitstringStatusList with u prefix, StatusList2021 without)', () => {
    for (const encoded of [`u${W3C_EMPTY}`, W3C_EMPTY]) {
      const bits = decodeBitstring(encoded);
      expect(bits.length * 8).toBe(MIN_STATUS_LIST_BITS);
      expect(bits.every((b) => b === 0)).toBe(true);
    }
  });

  it('encodes as multibase base64url GZIP that zlib reads, index 0 being the left-most bit', () => {
    const bits = withBit(withBit(createBitstring(), 0, true), 131_071, true);
    const encoded = encodeBitstring(bits);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).not.toMatch(/[+/=]/);
    const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(raw.length).toBe(16_384);
    expect(raw[0]).toBe(0x80);
    expect(raw[16_383]).toBe(0x01);
    const back = decodeBitstring(encoded);
    expect(getBit(back, 0)).toBe(true);
    expect(getBit(back, 1)).toBe(false);
    expect(getBit(back, 131_071)).toBe(true);
  });

  it('does not mutate, and clears bits', () => {
    const empty = createBitstring();
    const set = withBit(empty, 7, true);
    expect(getBit(empty, 7)).toBe(false);
    expect(getBit(withBit(set, 7, false), 7)).toBe(false);
  });

  it('refuses lists below the W3C minimum, bad indexes and bad encodings', () => {
    expect(() => createBitstring(1000)).toThrow(StatusListError);
    expect(() => getBit(createBitstring(), MIN_STATUS_LIST_BITS)).toThrow(/outside/);
    expect(() => decodeBitstring('u!!!')).toThrow(StatusListError);
    expect(() => decodeBitstring('uAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toThrow(StatusListError);
  });
});

describe('status list credential and entries', () => {
  const url = 'https://badges.example.org/status/iss1/revocation';
  it('builds a BitstringStatusListCredential and an entry that reads back', () => {
    const list = buildStatusListCredential({ id: url, issuer: 'did:key:z6Mkx', purpose: 'revocation', bits: withBit(createBitstring(), 42, true), validFrom: '2026-01-01T00:00:00Z' });
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(list.credentialSubject).toMatchObject({ id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' });
    const entry = buildBitstringStatusListEntry({ statusListCredential: url, index: 42, purpose: 'revocation' });
    expect(entry).toEqual({ id: `${url}#42`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '42', statusListCredential: url });
    expect(readStatusBit(list, parseListEntry(entry))).toBe(true);
    expect(readStatusBit(list, parseListEntry({ ...entry, statusListIndex: 41 }))).toBe(false);
    expect(() => readStatusBit(list, parseListEntry({ ...entry, statusPurpose: 'suspension' }))).toThrow(/purpose/);
  });

  it('reads StatusList2021 credentials', () => {
    const list = { credentialSubject: { type: 'StatusList2021', statusPurpose: 'revocation', encodedList: W3C_EMPTY } };
    const entry = parseListEntry({ type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: '94567', statusListCredential: url });
    expect(readStatusBit(list, entry)).toBe(false);
  });

  it('reads 1EdTech revocation lists and OB 2.0 revocation lists', () => {
    const list = { revokedCredentials: [{ id: 'urn:a', revocationReason: 'fraud' }, { id: 'urn:b', revoked: false }] };
    expect(read1EdTechRevocationList(list, 'urn:a')).toEqual({ revoked: true, reason: 'fraud' });
    expect(read1EdTechRevocationList(list, 'urn:b').revoked).toBe(false);
    expect(read1EdTechRevocationList({}, 'urn:c').revoked).toBe(false);
    const ob2 = buildOb2RevocationList({ id: 'https://x/rl', issuer: 'https://x/i', revoked: [{ id: 'https://x/a/1', revocationReason: 'oops' }] });
    expect(ob2).toMatchObject({ '@context': 'https://w3id.org/openbadges/v2', type: 'RevocationList' });
    expect(readOb2RevocationList(ob2, 'https://x/a/1')).toEqual({ revoked: true, reason: 'oops' });
    expect(readOb2RevocationList({ revokedAssertions: ['https://x/a/2'] }, 'https://x/a/2').revoked).toBe(true);
    expect(readOb2RevocationList(ob2, 'https://x/a/3').revoked).toBe(false);
  });
});

describe('revocation and suspension in one message entry (statusSize 2)', () => {
  const url = 'https://issuer.example/status/1/message';

  it('interleaves the two lists: entry i is bits 2i (revocation) and 2i+1 (suspension)', async () => {
    const { combineRevocationAndSuspension, readStatusValue } = await import('./index.js');
    let revocation = createBitstring();
    let suspension = createBitstring();
    revocation = withBit(withBit(revocation, 5, true), 7, true);
    suspension = withBit(withBit(suspension, 6, true), 7, true);
    suspension = withBit(suspension, 131_071, true);
    const bits = combineRevocationAndSuspension(revocation, suspension);
    expect(bits.length).toBe(revocation.length * 2);
    expect([4, 5, 6, 7, 8].map((i) => readStatusValue(bits, i, 2))).toEqual([0, 2, 1, 3, 0]);
    expect(readStatusValue(bits, 131_071, 2)).toBe(1);
    // Read the way the recommendation says, without Laurel's helpers: bit (i * size + k), most significant first.
    const raw = gunzipSync(Buffer.from(encodeBitstring(bits).slice(1), 'base64url'));
    const bit = (n: number) => (raw[n >> 3]! >> (7 - (n % 8))) & 1;
    expect([bit(10), bit(11), bit(12), bit(13), bit(14), bit(15)]).toEqual([1, 0, 0, 1, 1, 1]);
    expect(() => combineRevocationAndSuspension(revocation, createBitstring(2 * MIN_STATUS_LIST_BITS))).toThrow(RangeError);
  });

  it('builds an entry that names all four values, and reads it back', async () => {
    const { buildStatusMessageEntry } = await import('./index.js');
    const entry = buildStatusMessageEntry({ statusListCredential: url, index: 42 });
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 2, statusListIndex: '42' });
    expect(entry.statusMessage?.map((m) => m.message)).toEqual(['valid', 'suspended', 'revoked', 'revoked']);
    const ref = parseListEntry(entry);
    expect(ref).toMatchObject({ purpose: 'message', size: 2, index: 42 });
    expect(ref.messages).toHaveLength(4);
  });

  it('refuses entries whose size or messages do not add up', () => {
    const base = { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: '1', statusListCredential: url };
    const bad = [
      { ...base, statusSize: 9 },
      { ...base, statusSize: 0 },
      { ...base, statusSize: '2' },
      { ...base, statusSize: 2 }, // no statusMessage
      { ...base, statusSize: 2, statusMessage: [{ status: '0x0', message: 'valid' }] }, // not all four values
      { ...base, statusSize: 1, statusMessage: [{ status: 'zero', message: 'valid' }] },
      { ...base, statusSize: 1, statusMessage: 'valid' },
    ];
    for (const entry of bad) expect(() => parseListEntry(entry), JSON.stringify(entry)).toThrow(StatusListError);
  });
});
