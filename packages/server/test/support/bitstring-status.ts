import { gunzipSync } from 'node:zlib';

interface StatusListEntry {
  type: string;
  statusPurpose?: string;
  statusListCredential: string;
  statusListIndex: string;
  statusSize?: number;
  statusMessage?: Array<{ status: string; message: string }>;
}

/**
 * A BitstringStatusList check written from the W3C spec (§3.2 "Validate Algorithm"), independent of
 * Laurel's code, in the shape `@digitalbazaar/vc` wants for `checkStatus`: for each entry (one object or
 * an array), the list credential must verify, be issued by the credential's issuer and carry the
 * entry's purpose; the entry's `statusSize` bits at `statusListIndex * statusSize` give its status.
 * A set revocation or suspension bit fails with "revoked" / "suspended"; a `message` entry fails with
 * its `statusMessage` when that message is not "valid".
 */
export function bitstringStatusCheck(deps: { fetchList: (url: string) => Promise<any>; verifyList: (list: unknown) => Promise<{ verified: boolean; error?: unknown }> }) {
  return async ({ credential }: { credential: { issuer: string | { id: string }; credentialStatus: StatusListEntry | StatusListEntry[] } }) => {
    const entries = Array.isArray(credential.credentialStatus) ? credential.credentialStatus : [credential.credentialStatus];
    for (const entry of entries) {
      const list = await deps.fetchList(entry.statusListCredential);
      const listResult = await deps.verifyList(list);
      if (!listResult.verified) return { verified: false, error: new Error(`status list does not verify: ${JSON.stringify(listResult.error)}`) };
      const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
      if (list.issuer !== issuer) return { verified: false, error: new Error(`status list issuer ${list.issuer} is not ${issuer}`) };
      const purpose = entry.statusPurpose ?? 'revocation';
      const listPurposes = [list.credentialSubject.statusPurpose].flat();
      if (!listPurposes.includes(purpose)) return { verified: false, error: new Error(`list purpose ${listPurposes} is not ${purpose}`) };
      const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
      const size = entry.statusSize ?? 1;
      const start = Number(entry.statusListIndex) * size;
      let value = 0;
      for (let i = start; i < start + size; i++) value = (value << 1) | ((bits[i >> 3]! >> (7 - (i % 8))) & 1);
      if (purpose === 'message') {
        const message = entry.statusMessage?.find((m) => Number.parseInt(m.status, 16) === value)?.message;
        if (message === undefined) return { verified: false, error: new Error(`no statusMessage for status 0x${value.toString(16)}`) };
        if (message !== 'valid') return { verified: false, error: new Error(message) };
      } else if (value !== 0) return { verified: false, error: new Error(purpose === 'suspension' ? 'suspended' : purpose === 'revocation' ? 'revoked' : `status set (${purpose})`) };
    }
    return { verified: true };
  };
}
