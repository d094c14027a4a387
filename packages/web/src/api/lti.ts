import { request } from './client';
import type { BodyOf } from './types';
import type { LtiPlatform } from './types';

export type LtiPlatformInput = BodyOf<'/api/v1/lti/platforms', 'post'>;

export const listLtiPlatforms = () => request<{ items: LtiPlatform[] }>('GET', '/lti/platforms');
export const registerLtiPlatform = (input: LtiPlatformInput) => request<LtiPlatform>('POST', '/lti/platforms', { body: input });
export const createLtiRegistrationLink = () => request<{ url: string; expiresAt: string }>('POST', '/lti/registration-links');
export const deleteLtiPlatform = (id: string) => request<void>('DELETE', `/lti/platforms/${encodeURIComponent(id)}`);
