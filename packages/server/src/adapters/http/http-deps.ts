import type { Deps } from '../../domain/deps.js';
import type { PublicLinks } from '../links/public-links.js';

/** What buildApp needs: the domain's deps plus HTTP-only settings. */
export interface HttpDeps extends Deps {
  links: PublicLinks;
  http: {
    bodyLimitBytes: number;
    /** POST /api/v1/imports: the migration import's body limit (default: bodyLimitBytes). */
    importBodyLimitBytes?: number | undefined;
    /** POST /api/v1/achievements/:id/bulk: the bulk CSV's body limit (default: BULK_BODY_LIMIT_BYTES, 16 MiB). */
    bulkBodyLimitBytes?: number | undefined;
    secureCookies: boolean;
    trustProxy: boolean;
    logLevel: string;
    /** Directory of the built web app; when absent the SPA is not served. */
    webDist?: string | undefined;
    /** Opens `GET /metrics` on this app to `Authorization: Bearer <token>`; absent: not served here. */
    metricsToken?: string | undefined;
  };
  /** POST /api/v1/verify: the verifier's remote access, rate limit and upload size (defaults when absent). */
  verify?: import('../verification/verify-limits.js').VerifyHttpDeps | undefined;
  /** Shared store for rate limits across instances (ioredis client); absent: per-instance memory. */
  rateLimitRedis?: import('ioredis').Redis | undefined;
  /** Worker pools where uploaded or fetched PDFs are parsed and SVG is drawn (off the event loop, bounded). */
  untrusted: import('../isolation/untrusted-work.js').UntrustedWork;
  /** Whether the app can serve: database reachable, migrations applied, Redis reachable when configured. */
  readiness(): Promise<import('../health/readiness.js').Readiness>;
  /** Prometheus metrics of this process (absent: nothing is measured, `/metrics` is not served). */
  metrics?: import('../metrics/metrics.js').LaurelMetrics | undefined;
  /** Counts views, shares, verifications… after the answer (analytics; never fails a request). */
  analytics: import('../../domain/analytics/record-engagement.js').EngagementRecorder;
  /** What the OB 3.0 API's discovery document links to. */
  obApi: { privacyPolicyUrl: string; termsOfServiceUrl: string };
  /** Rendered public pages and signed status lists, dropped when what they show changes (adapters/cache). */
  publicCache: import('../cache/public-cache.js').PublicCache;
  /** LTI: requests to platforms (JWKS, token, AGS, NRPS) behind the SSRF guard; absent: public hosts only. */
  lti?: { http: import('../../domain/lti/ports.js').LtiHttp } | undefined;
}
