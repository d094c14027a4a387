export { createGuardedFetch, type FetchedJson, type FetchedResponse, type FetchOptions, type GuardedFetch, type GuardedFetchOptions } from './guarded-fetch.js';
export { FetchError, FETCH_ERROR_DESCRIPTIONS, fetchFailureClass, isFetchError, type FetchErrorCode } from './errors.js';
export { classifyAddress, type AddressVerdict } from './address-policy.js';
export { systemDnsLookup, type DnsLookup, type ResolvedAddress } from './resolve.js';
export type { CacheOptions } from './response-cache.js';
