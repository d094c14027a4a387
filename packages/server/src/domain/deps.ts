import type { DocumentLoader, ProofRegistry } from '@laurel/core';
import type { CredentialSigner } from './credentials/ports.js';
import type { EmailRenderer, Mailer } from './notifications/ports.js';
import type { AsyncCsvParser, CsvParser } from './bulk/ports.js';
import type { ImageProcessor } from './images/processor.js';
import type { KeyVault, SigningKeysProvider } from './keys/ports.js';
import type { PasswordHasher } from './organisations/ports.js';
import type { SignInThrottle } from './sessions/ports.js';
import type { TotpAlgorithm, WebAuthnRelyingParty } from './mfa/ports.js';
import type { Clock, IdGenerator } from './shared/ports.js';
import type { Store } from './shared/store.js';
import type { Telemetry } from './shared/telemetry.js';
import type { WebhookTransport } from './webhooks/ports.js';
import type { OAuthSettings } from './oauth/settings.js';
import type { OidcRelyingParty, SamlServiceProvider, SsoUrls } from './sso/ports.js';
import type { EarnerProvider } from './earner-oidc/ports.js';

/** Everything a use case may need; each use case takes the narrowest `Pick<Deps, …>`. */
export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  passwords: PasswordHasher;
  /** How long a browser session lasts, in seconds. */
  sessionTtlSeconds: number;
  /** Sign-in failure counters and locks (Redis when configured, else this process's memory). */
  signInThrottle: SignInThrottle;
  /** Seals issuer private keys at rest. */
  vault: KeyVault;
  /** Imported signing keys per issuer (cached). */
  signingKeys: SigningKeysProvider;
  /** Proof suites keyed by spec name (eddsa-rdfc-2022, vc-jwt, ob2-jws). */
  proofs: ProofRegistry;
  /** Signs new credentials in every format. */
  credentialSigner: CredentialSigner;
  /** Offline JSON-LD document loader (bundled contexts, did:key). */
  documentLoader: DocumentLoader;
  /** Uniform random integers (status list indexes). */
  random: { int(maxExclusive: number): number };
  /** Public URLs of documents (credential ids, status lists, keys). */
  urls: PublicUrls;
  mailer: Mailer;
  emailRenderer: EmailRenderer;
  parseCsv: CsvParser;
  /** The bulk upload's CSV reader: pauses as it reads (up to 100,000 rows, without holding the event loop). */
  readCsv: AsyncCsvParser;
  /** Outbound webhook POSTs, behind the SSRF guard. */
  webhookTransport: WebhookTransport;
  /** Every image, whatever its route in, is checked, sanitised and rendered through this port. */
  imaging: ImageProcessor;
  /** How long a wallet credential offer (OpenID4VCI) may be redeemed, in seconds. */
  walletOfferTtlSeconds: number;
  /** Counters of issuance and verification outcomes (absent: nothing is counted). */
  telemetry?: Telemetry | undefined;
  /** The OAuth 2.0 authorization server: token lifetimes, its issuer, and the protocols plugged into it. */
  oauth: OAuthSettings;
  /** RFC 6238 codes of authenticator apps. */
  totp: TotpAlgorithm;
  /** WebAuthn options and verification for this server's origin and RP id. */
  webauthn: WebAuthnRelyingParty;
  /** How recently a session must have proven a factor for sensitive actions (step-up), in seconds. */
  stepUpSeconds: number;
  /** Single sign-on: the OpenID Connect relying party, the SAML service provider and their URLs. */
  sso: { oidc: OidcRelyingParty; saml: SamlServiceProvider; urls: SsoUrls };
  /** OpenID Providers earners may sign in with (LAUREL_EARNER_OIDC_PROVIDERS); none when absent. */
  earnerProviders?: readonly EarnerProvider[] | undefined;
}

/** Absolute public URLs the domain writes into signed documents; built from LAUREL_BASE_URL. */
export interface PublicUrls {
  /** An evidence file's stable URL (an award's `evidence[].id`). */
  evidenceFile(id: string): string;
  ob3Credential(id: string): string;
  ob3Achievement(id: string): string;
  ob2Assertion(id: string): string;
  ob2Badge(id: string): string;
  ob2Issuer(id: string): string;
  badgeImage(achievementId: string): string;
  ob2CryptographicKey(keyId: string): string;
  ob2RevocationList(issuerId: string): string;
  /** The JWK of an RSA key (the VC-JWT `kid`). */
  jwk(keyId: string): string;
  /** `keyId`: the key generation's own list (did:key issuers, whose DID changes with each generation). */
  statusList(issuerId: string, purpose: 'revocation' | 'suspension' | 'message', keyId?: string): string;
  /** The status lists of credentials issued through the VC-API (apart from Laurel's own). */
  vcStatusList(issuerId: string, purpose: 'revocation' | 'suspension' | 'message', keyId?: string): string;
  /** did:web of an issuer (`did:web:host:issuers:<id>`). */
  didWeb(issuerId: string): string;
  /** The human page of a credential. */
  publicCredentialPage(id: string): string;
  claim(token: string): string;
  /** The unsubscribe page (a GET shows a confirm button); the List-Unsubscribe URL, which also takes the RFC 8058 one-click POST. */
  unsubscribe(token: string): string;
  oneClickUnsubscribe(token: string): string;
  /** Finish registering: choose a password (the link was mailed to the address). */
  activateAccount(token: string): string;
  /** Accept an invitation to an organisation. */
  joinOrganisation(token: string): string;
  /** Web pages that POST an e-mailed token back. */
  verifyAddress(token: string): string;
  signInLink(token: string): string;
  /** OpenID4VCI: an issuer's Credential Issuer Identifier (its metadata, nonce and credential endpoints live below it). */
  walletIssuer(issuerId: string): string;
  /** OpenID4VCI: the authorization server of the pre-authorized code flow (its token endpoint is `<it>/token`). */
  walletAuthorizationServer(): string;
  /** OpenID4VCI: the `credential_offer_uri` of an offer. */
  walletOffer(token: string): string;
  /** VC-API: a wallet exchange (DIDAuth, the Learner Credential Wallet's `vc_request_url`). */
  walletExchange(token: string): string;
  /** An issuer's logo as PNG (public; 404 when it has none to show). */
  issuerLogo(issuerId: string): string;
  /** Confirm a new sign-in address (the link is mailed to it). */
  changeEmail(token: string): string;
  /** The signed-in person's account page (factors, sessions, password, address). */
  accountPage(): string;
  /** A certification's `refreshService`: answers the current credential of its renewal chain. */
  credentialRefresh(credentialId: string): string;
  /** The earner's backpack (renewal requests, expiry reminders). */
  backpackPage(): string;
  /** Award by link: the public page of a claim code, and the link that confirms a claimer's e-mail. */
  claimCodePage(code: string): string;
  claimCodeConfirm(token: string): string;
  /** Where an EndorsementCredential signed here is published (410 Gone once revoked). */
  ob3Endorsement(id: string): string;
  /** Where an outside EndorsementCredential accepted here is shown as received (404 once withdrawn or hidden). */
  ob3ReceivedEndorsement(id: string): string;
  /** An issuer's OB 3.0 Profile (JSON-LD) with its live endorsements. */
  ob3Issuer(issuerId: string): string;
}
