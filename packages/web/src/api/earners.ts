import { ApiError } from './problem';
import { request } from './client';
import type { BackpackItem, ClaimInfo, Item, RenewalRequest, ResponseOf, Visibility, WalletExchange, WalletOffer } from './types';

const id = (value: string) => encodeURIComponent(value);

export const getClaim = (token: string) => request<ClaimInfo>('GET', `/claims/${id(token)}`);
type AccountSession = { user: { id: string; email: string; name: string | null }; csrfToken: string };
export const claimCredential = (token: string) => request<BackpackItem & { address: 'verified' | 'sent' }>('POST', `/claims/${id(token)}`);
/** The claim link proves the address: make its account with this password, and claim. */
export const claimWithNewAccount = (token: string, input: { password: string; name?: string }) =>
  request<AccountSession & { credential: BackpackItem }>('POST', `/claims/${id(token)}/account`, { body: input });
/** Registration: a link to finish is mailed to the address (always 202). */
export const requestAccount = (email: string, locale: string) => request<null>('POST', '/accounts', { body: { email, locale } });
export const activateAccount = (token: string, input: { password: string; name?: string }) =>
  request<AccountSession>('POST', '/accounts/activate', { body: { token, ...input } });
/** Offer a claim link's credential to a wallet (the link stays usable). */
export const offerClaimToWallet = (token: string, txCode: boolean) => request<WalletOffer>('POST', `/claims/${id(token)}/wallet-offer`, { body: { txCode } });
/** Offer backpack credentials to a wallet: one offer per issuer. */
export const offerToWallet = (credentialIds: string[], txCode: boolean) => request<{ offers: WalletOffer[] }>('POST', '/me/wallet-offers', { body: { credentialIds, txCode } });
/** The Learner Credential Wallet's request (VC-API exchange) for a claim link's credential, or one of the backpack. */
export const exchangeClaimToWallet = (token: string) => request<WalletExchange>('POST', `/claims/${id(token)}/wallet-exchange`);
export const exchangeToWallet = (credentialId: string) => request<WalletExchange>('POST', '/me/wallet-exchanges', { body: { credentialId } });
export const unsubscribe = (token: string) => request<void>('POST', `/unsubscribe/${id(token)}`);

export const listBackpack = () => request<{ items: BackpackItem[] }>('GET', '/me/credentials');
/** Ask the issuer to renew a certification (automatic renewal answers it approved at once). */
export const requestRenewal = (credentialId: string, input: { evidenceUrl?: string; note?: string }) =>
  request<RenewalRequest>('POST', `/me/credentials/${id(credentialId)}/renewal`, { body: input });
export const setVisibility = (credentialId: string, visibility: Visibility) => request<BackpackItem>('PATCH', `/me/credentials/${id(credentialId)}`, { body: { visibility } });

/** Fetch a published document in another representation (e.g. the VC-JWT by content negotiation). */
export async function fetchDocument(url: string, accept: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept }, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { code: 'network', detail: 'network' });
  }
  if (!response.ok) throw new ApiError(response.status, { detail: response.statusText });
  return response.text();
}

export type PathwayProgress = Item<ResponseOf<'/api/v1/me/pathways', 'get'>['items']>;
/** Progress toward pathway achievements (held parts of those required). */
export const listPathways = () => request<{ items: PathwayProgress[] }>('GET', '/me/pathways');
