import { gunzipSync } from 'node:zlib';

interface StatusListEntry {
  statusListCredential: string;
  statusListIndex: string;
}

/**
 * A BitstringStatusList check written from the W3C spec, independent of Laurel's code, in the shape
 * `@digitalbazaar/vc` wants for `checkStatus`: the list credential must verify, be issued by the
 * credential's issuer, and have the credential's bit clear.
 */
export function bitstringStatusCheck(deps: { fetchList: (url: string) => Promise<any>; verifyList: (list: unknown) => Promise<{ verified: boolean; error?: unknown }> }) {
  return async ({ credential }: { credential: { issuer: string | { id: string }; credentialStatus: StatusListEntry } }) => {
    const entry = credential.credentialStatus;
    const list = await deps.fetchList(entry.statusListCredential);
    const listResult = await deps.verifyList(list);
    if (!listResult.verified) return { verified: false, error: new Error(`status list does not verify: ${JSON.stringify(listResult.error)}`) };
    const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
    if (list.issuer !== issuer) return { verified: false, error: new Error(`status list issuer ${list.issuer} is not ${issuer}`) };
    const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    return (bits[index >> 3]! >> (7 - (index % 8))) & 1 ? { verified: false, error: new Error('revoked') } : { verified: true };
  };
}
