import { request } from './client';
import type { BodyOf, ResponseOf, Schemas } from './types';

export type Endorsement = Schemas['Endorsement'];
export type EndorsementInput = BodyOf<'/api/v1/endorsements', 'post'>;
export type InboundEndorsementInput = BodyOf<'/api/v1/endorsements/inbound', 'post'>;

export const listEndorsements = () => request<ResponseOf<'/api/v1/endorsements', 'get', 200>>('GET', '/endorsements');
export const createEndorsement = (input: EndorsementInput) => request<Endorsement>('POST', '/endorsements', { body: input });
export const acceptEndorsement = (input: InboundEndorsementInput) => request<Endorsement>('POST', '/endorsements/inbound', { body: input });
export const hideEndorsement = (id: string) => request<Endorsement>('POST', `/endorsements/${encodeURIComponent(id)}/hide`);
export const revokeEndorsement = (id: string) => request<Endorsement>('POST', `/endorsements/${encodeURIComponent(id)}/revoke`);
