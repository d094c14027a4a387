import type { ComponentType } from 'react';
import type { Role } from './api/types';
import { AchievementsPage } from './pages/AchievementsPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AwardPage } from './pages/AwardPage';
import { CredentialsPage } from './pages/CredentialsPage';
import { IssuersPage } from './pages/IssuersPage';
import { MembersPage } from './pages/MembersPage';
import { NewAchievementPage } from './pages/NewAchievementPage';
import { NewIssuerPage } from './pages/NewIssuerPage';
import { OrganisationPage } from './pages/OrganisationPage';
import { OverviewPage } from './pages/OverviewPage';

export interface ConsoleRoute {
  path: string;
  page: ComponentType;
  /** The least role that can use the page (the API enforces it too). */
  role: Role;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  { path: '/', page: OverviewPage, role: 'viewer' },
  { path: '/issuers', page: IssuersPage, role: 'viewer' },
  { path: '/issuers/new', page: NewIssuerPage, role: 'admin' },
  { path: '/achievements', page: AchievementsPage, role: 'viewer' },
  { path: '/achievements/new', page: NewAchievementPage, role: 'admin' },
  { path: '/credentials', page: CredentialsPage, role: 'viewer' },
  { path: '/award', page: AwardPage, role: 'issuer' },
  { path: '/api-keys', page: ApiKeysPage, role: 'admin' },
  { path: '/members', page: MembersPage, role: 'admin' },
  { path: '/organisation', page: OrganisationPage, role: 'owner' },
];

/** Paths that only make sense before sign-in; once signed in they lead to the overview. */
export const PUBLIC_PATHS = ['/setup', '/sign-in'];

export function findRoute(pathname: string): ConsoleRoute | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return CONSOLE_ROUTES.find((r) => r.path === path);
}
