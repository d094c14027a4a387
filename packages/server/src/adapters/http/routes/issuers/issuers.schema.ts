import { Type, type Static } from 'typebox';
import { ISSUER_IDENTITIES, type Issuer } from '../../../../domain/issuers/ports.js';
import { STATUS_PURPOSES } from '../../../../domain/status/ports.js';
import type { PublicLinks } from '../../../links/public-links.js';
import { DateTime, HttpUrl, Nullable, PageQuery, pageOf, StringEnum } from '../../schemas/common.js';

const VcApiStatusPurposes = Type.Array(StringEnum(STATUS_PURPOSES, { description: 'a BitstringStatusList purpose' }), {
  maxItems: STATUS_PURPOSES.length,
  uniqueItems: true,
  description: 'Status entries (BitstringStatusListEntry) added to every credential this issuer signs through POST /vc/credentials/issue when the request names none; [] (the default) for none',
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ format: 'uri', maxLength: 2048 }),
  email: Type.String({ format: 'email', maxLength: 320 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  image: Type.Optional(Nullable(HttpUrl)),
  vcApiStatusPurposes: Type.Optional(VcApiStatusPurposes),
};

const Identity = StringEnum(ISSUER_IDENTITIES, {
  description: 'How OB 3.0 credentials name the issuer: its did:web (domain-bound, the default) or the did:key of its active Ed25519 key (verifiable offline; changes when keys rotate). Fixed at creation.',
});

export const CreateIssuerBody = Type.Object({ ...fields, identity: Type.Optional(Identity) }, { additionalProperties: false });
export const UpdateIssuerBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

export const IssuerView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    url: Type.String(),
    email: Type.String(),
    description: Nullable(Type.String()),
    image: Nullable(Type.String()),
    identity: Identity,
    vcApiStatusPurposes: VcApiStatusPurposes,
    did: Type.String({ description: 'The issuer id in OB 3.0 credentials signed now (did:web, or the did:key of the active key)' }),
    ob2Url: Type.String({ description: 'Public OB 2.0 Issuer document' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Issuer' },
);
export type IssuerViewT = Static<typeof IssuerView>;

export const ListIssuersQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(StringEnum(['createdAt', '-createdAt', 'name', '-name'] as const, { default: '-createdAt' })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const IssuerPage = pageOf(IssuerView);

export function toIssuerView(issuer: Issuer, did: string, links: PublicLinks): IssuerViewT {
  return {
    id: issuer.id,
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
    description: issuer.description,
    image: issuer.image,
    identity: issuer.identity,
    vcApiStatusPurposes: issuer.vcApiStatusPurposes,
    did,
    ob2Url: links.issuer(issuer.id),
    createdAt: issuer.createdAt,
    updatedAt: issuer.updatedAt,
  };
}
