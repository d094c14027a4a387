import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { bitstringStatusCheck } from './bitstring-status.js';
import type { TestContext } from './test-app.js';

const SHARED = new URL('../../../../test-data/conformance/', import.meta.url);

/** 1EdTech's two OB 3.0 AchievementCredential schemas (the current one and the stricter 2024-09 one). */
export const ob3Schemas = ['ob3-schemas/ob_v3p0_achievementcredential_schema.json', 'ob3-schemas/strict-2024-09/ob_v3p0_achievementcredential_schema.json'].map((file) => {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return { file, validate: ajv.compile(JSON.parse(readFileSync(new URL(file, SHARED), 'utf8'))) };
});

/** Problems of a credential against both schemas (empty: it passes both). */
export function ob3SchemaErrors(credential: unknown): string[] {
  return ob3Schemas.flatMap(({ file, validate }) => (validate(credential) ? [] : [`${file}: ${JSON.stringify(validate.errors)}`]));
}

/**
 * Digital Bazaar's verifier over the app's published documents (did:web, status lists) fetched through
 * inject, as any verifier would fetch them (no port).
 */
export function independentVerifier(ctx: TestContext) {
  const fetchPublic = async (url: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: new URL(url).pathname });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return res;
  };
  const resolveDid = async (did: string): Promise<JsonObject | undefined> => {
    const [, , host, ...path] = did.split(':');
    return (await fetchPublic(`https://${decodeURIComponent(host!)}/${path.map(decodeURIComponent).join('/')}/did.json`)).json();
  };
  const documentLoader = createDocumentLoader({ resolveDid });
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const checkStatus = bitstringStatusCheck({
    fetchList: async (url) => (await fetchPublic(url)).json(),
    verifyList: (list) => vc.verifyCredential({ credential: list, suite: suite(), documentLoader, now: new Date() }),
  });
  return (credential: unknown): Promise<{ verified: boolean; error?: unknown }> =>
    vc.verifyCredential({ credential, suite: suite(), documentLoader, now: new Date(), ...((credential as JsonObject).credentialStatus ? { checkStatus } : {}) });
}
