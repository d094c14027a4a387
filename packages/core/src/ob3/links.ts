/**
 * Where one OB 3.0 credential and the things it names live: absolute URLs (or DIDs), computed by
 * the host for each credential. Unlike OB 2.0 hosted documents, OB 3.0 embeds the issuer Profile
 * and the Achievement, so these are identifiers, not necessarily fetchable documents.
 */
export interface Ob3Links {
  /** The credential's `id`: its public URL (e.g. `https://badges.example.org/ob3/credentials/<id>`). */
  credential: string;
  /**
   * `issuer.id`: the issuer's DID (`did:key:z6Mk…` or `did:web:…`) or URL. It must be the
   * controller of the verification method that signs, or the `issuer-key` check fails.
   */
  issuer: string;
  /** `achievement.id`: the achievement's public URL. */
  achievement: string;
  /** Image of an achievement without artwork of its own. */
  achievementImage?: string | undefined;
  /** `refreshService.id`: where a wallet fetches the current version of the credential (renewals). */
  refresh?: string | undefined;
}
