import { ImportPage } from './pages/ImportPage';
import type { ComponentType } from 'react';
import type { Role } from './api/types';
import { AchievementsPage } from './pages/AchievementsPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AwardPage } from './pages/AwardPage';
import { BackpackPage } from './pages/BackpackPage';
import { BulkAwardPage } from './pages/BulkAwardPage';
import { ActivatePage } from './pages/ActivatePage';
import { ClaimPage } from './pages/ClaimPage';
import { ConnectPage } from './pages/ConnectPage';
import { JoinPage } from './pages/JoinPage';
import { CredentialsPage } from './pages/CredentialsPage';
import { EditAchievementPage } from './pages/EditAchievementPage';
import { IssuersPage } from './pages/IssuersPage';
import { MembersPage } from './pages/MembersPage';
import { NewAchievementPage } from './pages/NewAchievementPage';
import { EditIssuerPage } from './pages/EditIssuerPage';
import { NewIssuerPage } from './pages/NewIssuerPage';
import { OrganisationPage } from './pages/OrganisationPage';
import { OverviewPage } from './pages/OverviewPage';
import { MagicLinkPage } from './pages/MagicLinkPage';
import { SettingsPage } from './pages/SettingsPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { UnsubscribePage } from './pages/UnsubscribePage';
import { VerifyAddressPage } from './pages/VerifyAddressPage';
import { VerifyPage } from './pages/VerifyPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { LtiPage } from './pages/LtiPage';
import { CredentialDetailPage } from './pages/CredentialDetailPage';
import { RecipientPage } from './pages/RecipientPage';
import { RecipientsPage } from './pages/RecipientsPage';
import { RenewalsPage } from './pages/RenewalsPage';
import { CertificatesPage } from './pages/CertificatesPage';
import { AccountPage } from './pages/AccountPage';
import { ChangeEmailPage } from './pages/ChangeEmailPage';
import { AwardRulesPage } from './pages/AwardRulesPage';
import { ClaimCodesPage } from './pages/ClaimCodesPage';
import { EndorsementsPage } from './pages/EndorsementsPage';
import { lazyPage } from './router/lazy-page';
import { matchPath, trimPath } from './router/match';

/** Loaded on first visit: the charting library's weight is paid on that page only. */
const AnalyticsPage = lazyPage(async () => (await import('./pages/AnalyticsPage')).AnalyticsPage);

export interface ConsoleRoute {
  /** Exact, or with `:name` segments passed to the page as `params`. */
  path: string;
  page: ComponentType<{ params?: Readonly<Record<string, string>> }>;
  /** The least role that can use the page (the API enforces it too); null: anyone signed in, earners included. */
  role: Role | null;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  { path: '/', page: OverviewPage, role: 'viewer' },
  { path: '/issuers', page: IssuersPage, role: 'viewer' },
  { path: '/issuers/new', page: NewIssuerPage, role: 'admin' },
  { path: '/issuers/:id/edit', page: EditIssuerPage, role: 'admin' },
  { path: '/achievements', page: AchievementsPage, role: 'viewer' },
  { path: '/achievements/new', page: NewAchievementPage, role: 'admin' },
  { path: '/achievements/:id/edit', page: EditAchievementPage, role: 'admin' },
  { path: '/achievements/:id/rules', page: AwardRulesPage, role: 'admin' },
  { path: '/achievements/:id/claim-codes', page: ClaimCodesPage, role: 'issuer' },
  { path: '/credentials', page: CredentialsPage, role: 'viewer' },
  { path: '/award', page: AwardPage, role: 'issuer' },
  { path: '/award/bulk', page: BulkAwardPage, role: 'issuer' },
  { path: '/api-keys', page: ApiKeysPage, role: 'admin' },
  { path: '/webhooks', page: WebhooksPage, role: 'admin' },
  { path: '/lti', page: LtiPage, role: 'admin' },
  { path: '/certificates', page: CertificatesPage, role: 'admin' },
  { path: '/members', page: MembersPage, role: 'admin' },
  { path: '/organisation', page: OrganisationPage, role: 'owner' },
  { path: '/backpack', page: BackpackPage, role: null },
  { path: '/backpack/settings', page: SettingsPage, role: null },
  { path: '/credentials/:id/details', page: CredentialDetailPage, role: 'viewer' },
  { path: '/recipients', page: RecipientsPage, role: 'viewer' },
  { path: '/recipients/:key', page: RecipientPage, role: 'viewer' },
  { path: '/account', page: AccountPage, role: null },
  { path: '/renewals', page: RenewalsPage, role: 'issuer' },
  { path: '/endorsements', page: EndorsementsPage, role: 'admin' },
  { path: '/audit-log', page: AuditLogPage, role: 'admin' },
  { path: '/imports', page: ImportPage, role: 'admin' },
  { path: '/analytics', page: AnalyticsPage, role: 'viewer' },
];

/** Where an earner (signed in, no organisation) lands. */
export { EARNER_HOME } from './router/paths';

/** Paths that only make sense before sign-in; once signed in they lead to the overview (or the backpack). */
export const PUBLIC_PATHS = ['/setup', '/sign-in'];

/** Pages for everyone, signed in or not; `:name` segments are passed to the page as params. */
export interface OpenRoute {
  path: string;
  page: ComponentType<{ params: Readonly<Record<string, string>> }>;
  wide?: boolean;
}

export const OPEN_ROUTES: readonly OpenRoute[] = [
  { path: '/verify', page: VerifyPage, wide: true },
  { path: '/claim/:token', page: ClaimPage },
  { path: '/unsubscribe/:token', page: UnsubscribePage },
  { path: '/magic/:token', page: MagicLinkPage },
  { path: '/verify-address/:token', page: VerifyAddressPage },
  { path: '/join/:token', page: JoinPage },
  { path: '/activate/:token', page: ActivatePage },
  { path: '/connect/:request', page: ConnectPage },
  { path: '/change-email/:token', page: ChangeEmailPage },
];

export function findRoute(pathname: string): ConsoleRoute | undefined {
  return findRouteWithParams(pathname)?.route;
}

export function findRouteWithParams(pathname: string): { route: ConsoleRoute; params: Record<string, string> } | undefined {
  const path = trimPath(pathname);
  const exact = CONSOLE_ROUTES.find((r) => r.path === path);
  if (exact) return { route: exact, params: {} };
  for (const route of CONSOLE_ROUTES) {
    if (!route.path.includes('/:')) continue;
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

export function findOpenRoute(pathname: string): { route: OpenRoute; params: Record<string, string> } | undefined {
  for (const route of OPEN_ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}
