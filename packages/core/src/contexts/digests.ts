/**
 * Digests of the exact bytes of the bundled contexts that are shipped as files (the npm packages'
 * `.jsonld` files and Laurel's own `.json` copies), by context URL, as standard base64. A credential's
 * `relatedResource` naming one of these contexts must carry a digest that matches (VC DM 2.0 §5.3).
 * `digests.test.ts` recomputes every entry from the files at test time, so the table cannot go stale.
 * The OB 3.0 contexts are bundled from JavaScript objects, not bytes, and are not listed.
 */
export interface ContextDigests {
  sha256: string;
  sha384: string;
  sha512: string;
  'sha3-256': string;
  'sha3-384': string;
}

export type DigestAlgorithm = keyof ContextDigests;

export const BUNDLED_CONTEXT_DIGESTS: ReadonlyMap<string, ContextDigests> = new Map<string, ContextDigests>([
  ['https://www.w3.org/2018/credentials/v1', { sha256: 'ANfdbTrYuSDj5VDdOj2QkL/8rITNv5Q9ppJLPgpci7g=', sha384: '000OZL88Dtfzh4ZS2jVJr2Ur75tw2qCDL5m3GlkaJsepzHsICKom2cYfKQK8RRfn', sha512: 'ScyUfla0D7+SpDf0/8p+un6Wir9aQe1ED8HgIHVOlMjWzaa0CiVuWFKTH1gLWzgy3W7d2Y+X6+SZpA+d+9ESFQ==', 'sha3-256': 'R7Ci6pFqtyGt1xZIcTsjdKOuhLglgJxFxEuEodWzAxg=', 'sha3-384': 'CJya9NPG6ysUo/7dRkwRJNGQgCA9QAsWld/FsPJZGSJl3Iy8kxagbeHyitlSQm0d' }],
  ['https://www.w3.org/ns/credentials/v2', { sha256: 'ip9JSonsxR2wk+kOhHE+B+hNbZIENkqbPHhoshdRI28=', sha384: 'e2AY0FBy6KUAgZ3rMaz7Uj/Gp0bkIIIB/bjgmVQS2PPSOr+Ufx9P5mVrVU+jxFXR', sha512: 'vFlaeUEJ0JrSVEKT+7Kw6WnH8dhSUKlZHY36zJhwhZh2VLB9PRTJTUsaCSH7wfquqdnuEkDwXPBRK/lfyYNNSg==', 'sha3-256': 'PWkRo3nBTdZgZ/Jj7eOuc9Eo5GAHIZ2WWTWyVZ8DF/c=', 'sha3-384': 'fD6Lxr0fCG0fLG4l8DkaT+XvPCr3cZZSrZ30I51P12AfkdhKn3yS9guETSiHgxz0' }],
  ['https://www.w3.org/ns/credentials/undefined-terms/v2', { sha256: 'gtq1FLpE6xj10bD2OMXhQMalVvv7UIlgG9wPpeuLJYE=', sha384: 'sqZszdunC6Z62Zwv9S5gVY3wBjzqUcTKiG4l2epzz6u4eLr5LcKtK9omwxORhQ1o', sha512: 'fFJf9JvEeexdp/zPXVZJfkvkCOsmnTZgnMH2zh+cTuI+Su+1PTcotKHKxW2mUY/P3nia8jpd+3f0zmk+te1YGw==', 'sha3-256': 'CQUDzEu0IQn5qAtiWm4PMlmk+r8u57HOC9NBlbXmmN8=', 'sha3-384': 'RBgMF2FTwAb8+9Bqn6o++gd07ftMJbr/qaqRwIxLvZxvdGZc2ekQ43wgg31DIqxu' }],
  ['https://www.w3.org/ns/credentials/examples/v2', { sha256: 'Vzk/vGnW77m5tdyctrmICwlENgq/4ur0WcnljPInnXw=', sha384: 'zNNbQTWCSUSi0bbz7dbua+RcENv7C6FvlmYJ1Y+I727HsPOHdzwELMYO9Mz68M26', sha512: 'jVYwl+qxI5Zr1/uIolZtGfs2kRLav96brf1VPAThAb6yMJGPWPW5J4gfezLRYEX4rA9gG0V07rCVIb+/nlOWaQ==', 'sha3-256': 'WMQN/HqvA4VIWibtVn1+YM7HGWrtQHB+FhINMt2CTZI=', 'sha3-384': 'STCt/TVvy+QH6PCA8IDH7tw0dsBsgkewEl9VjCDwvUCVPz5M10dUhrMG9f2Q82MA' }],
  ['https://w3id.org/security/data-integrity/v1', { sha256: 'tdgpvQmqfEKrxu+gyO12NTE7VIfzfM/OPs0UnKlBhVQ=', sha384: 'H3tRFUwstZa4BNPu3qu3Z4x+pNNvUgFJamgdvYaNXcDLkKiDn1FCzNyR/bksWtzy', sha512: 'xJlRvZ8+j00jH85eRXmKLTL7fvSk8aLo0vPatdEDM6FCEzmXTudxWe2uJZ/Pc8fPE28eMATe1a8lrDiYPS6Oyg==', 'sha3-256': 'NnBrb9JZOaj5YV9FvZwTyU0LtaU3iMIBxL/NUwW0THc=', 'sha3-384': '0Az8XPqZGrqoewnQD97doXZJQfHGx51f4ghKg6yJQwM9t49Icr94VJOpN6oUuKeU' }],
  ['https://w3id.org/security/data-integrity/v2', { sha256: 'D3d0Pa9bTo/AZ/xbpbIQRCgwU6pxf8awIZhDvtOwA2M=', sha384: 'pcrveupY3/OsXBAQ29YRV/x9KIniFXeLmt0RQkcLiIKzFpg2pzHZWG/FH9xsNo/g', sha512: 'TlVXwC6g9uSBLEkHs/2QmK2NeJ9CE4T2aAdhlYHXqzKJmgcprS4aJuPrCzzSn7GjtJESX8KI18SnpoXhOn7amQ==', 'sha3-256': 'wsTJWg6xTyvcUuSM1xXx6oLMPlidyuwhPOQK/SrH4+A=', 'sha3-384': '+ywtN6PmtcEd4xp6VvBIuV2SZQ0R2PlDlMi2/ipgzpQ/A9YLc775luH1eFU3uTFi' }],
  ['https://w3id.org/security/multikey/v1', { sha256: 'xfOAb4KGkgVzIhk4kXmIoYpMxaCelo0pZJYTx6HCsfY=', sha384: 'bHm8NjM2aNI1iINdB2mq0FlbQsDMWaTdWGXBxPK93xTmFYnsi5yN5k3iQ9tC8zzE', sha512: 'zco6QenSAC9qGGIVROm96UBePGCgnV15aSHNTG7i4Pdwz7n+wdMVofx2IL92CgbhJvW8EXVoabyyoR3q1nndJg==', 'sha3-256': 'Qk/TdcWghJz8eS66jKr3YytGqGUqaPrzpVEMayV8tNw=', 'sha3-384': 'lBzdF1aJyjMD1ePtcT8tLYo0MRVLM813fZznYil+jtsx4imYcAChwt5FCgqfvm6z' }],
  ['https://www.w3.org/ns/did/v1', { sha256: 'YsEFS/QE1t06Sya2T4MP1yCV9qJu3ERpkIyUNRNSzl8=', sha384: 'l5HXv/4fpUqRM1VhtqWrwBROffmXRGT/NIumYidxTmsGz0caYjMwYSjxiYKH/0Kl', sha512: 'hkcJraywoxmA+iyVvnK7lDPFHO4s1hEgGPtNr+3uqerlcB5r48hwNm5BlCz3CLYpKqzeQUsQnRYr2mqWAKahRw==', 'sha3-256': 'HgK5+urwYawLJwhKWC2nh58XNBlQISJNIoYqXZCr0Fg=', 'sha3-384': 'CLyUMsEVaGi+SpndvGJ/5OmkByLnn31DErEhmRnBbm7CgQVuXKl/+L59Q9MVMf1G' }],
  ['https://w3id.org/openbadges/v2', { sha256: 'kO47uqKZxwVQoCrtp5VQ0VjDYOTTZaPxAHAfSfSdLbQ=', sha384: 'j1znA97IJM60c0CbV+7YokxAa/rRVEfHp/4XaQWh3Vjsb4qWtb6KehO+hmE3lCr2', sha512: '3mHHLBWuNVv+XQSpbVpVTargFZoOPAkCxlnBlb/arVV/OZNfChUQUXatGGDvORlbftZ6s9/5OdCpBrK/CVs25g==', 'sha3-256': 'RLNgf8yE6afaonurnqiAJAASWhdSeqBNIFZl0lQxRtk=', 'sha3-384': 'aJKRzMzSVjyX6VVzPL/VlVC6AEIU8v535r2SZWd4D289r2q8xcZxao/SYG0xoANU' }],
  ['https://w3id.org/openbadges/v2/', { sha256: 'kO47uqKZxwVQoCrtp5VQ0VjDYOTTZaPxAHAfSfSdLbQ=', sha384: 'j1znA97IJM60c0CbV+7YokxAa/rRVEfHp/4XaQWh3Vjsb4qWtb6KehO+hmE3lCr2', sha512: '3mHHLBWuNVv+XQSpbVpVTargFZoOPAkCxlnBlb/arVV/OZNfChUQUXatGGDvORlbftZ6s9/5OdCpBrK/CVs25g==', 'sha3-256': 'RLNgf8yE6afaonurnqiAJAASWhdSeqBNIFZl0lQxRtk=', 'sha3-384': 'aJKRzMzSVjyX6VVzPL/VlVC6AEIU8v535r2SZWd4D289r2q8xcZxao/SYG0xoANU' }],
]);
