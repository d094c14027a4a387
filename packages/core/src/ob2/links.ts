/** Where each OB 2.0 document of an issuer lives; absolute URLs, built by the host application. */
export interface Ob2Links {
  issuer(issuerId: string): string;
  badge(achievementId: string): string;
  assertion(credentialId: string): string;
  /** Image for a badge class without artwork of its own. */
  badgeImage(achievementId: string): string;
  /** Public key documents of the issuer (signed verification), when any. */
  publicKeys?(issuerId: string): string[];
  revocationList?(issuerId: string): string;
}

export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';
