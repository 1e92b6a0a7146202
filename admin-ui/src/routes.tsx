/**
 * Every page of the Admin Center: where it is, its name in the navigation, and the least role it needs
 * (the server sends the app to admins and owners only; the Admin API checks every call again).
 */
import type { FunctionComponent } from 'preact'
import { AuditPage } from './audit/audit-page.tsx'
import { DomainsPage } from './domains/domains-page.tsx'
import { EnforcementPage } from './enforcement/enforcement-page.tsx'
import { GroupsPage } from './groups/groups-page.tsx'
import { ImportPage } from './import/import-page.tsx'
import { OverviewPage } from './overview/overview-page.tsx'
import { SettingsPage } from './settings/settings-page.tsx'
import { ProfilesPage } from './sso-profiles/profiles-page.tsx'
import { TokensPage } from './tokens/tokens-page.tsx'
import { UsersPage } from './users/users-page.tsx'

import type { Feature } from './api/client.ts'

export type PageRole = 'admin' | 'owner'

export interface AdminRoute {
  readonly path: string
  /** The page's name in the navigation; none for pages reached from another (one profile). */
  readonly label?: string
  readonly page: FunctionComponent
  readonly role: PageRole
  /** The plan feature the page belongs to: without it the page is hidden (issue 23). */
  readonly feature?: Feature
}

export const ROUTES: readonly AdminRoute[] = [
  { path: '/admin', label: 'Overview', page: OverviewPage, role: 'admin' },
  // The guided set-up, where a connection test's result page continues it (issue 27).
  { path: '/admin/setup', page: OverviewPage, role: 'admin', feature: 'sso' },
  { path: '/admin/users', label: 'Users', page: UsersPage, role: 'admin' },
  {
    path: '/admin/import',
    label: 'Import users',
    page: ImportPage,
    role: 'admin',
    feature: 'import',
  },
  { path: '/admin/groups', label: 'Groups', page: GroupsPage, role: 'admin', feature: 'scim' },
  { path: '/admin/domains', label: 'Domains', page: DomainsPage, role: 'admin' },
  { path: '/admin/sso', label: 'SSO profiles', page: ProfilesPage, role: 'admin', feature: 'sso' },
  { path: '/admin/sso/:id', page: ProfilesPage, role: 'admin', feature: 'sso' },
  { path: '/admin/sso/:id/:tab', page: ProfilesPage, role: 'admin', feature: 'sso' },
  {
    path: '/admin/enforcement',
    label: 'Enforcement',
    page: EnforcementPage,
    role: 'admin',
    feature: 'sso',
  },
  { path: '/admin/tokens', label: 'SCIM and API tokens', page: TokensPage, role: 'admin' },
  { path: '/admin/settings', label: 'Settings', page: SettingsPage, role: 'admin' },
  { path: '/admin/audit', label: 'Audit log', page: AuditPage, role: 'admin' },
]

/** Whether the organization's plan includes the page (pages of no feature are in every plan). */
export function inPlan(features: readonly string[], route: Pick<AdminRoute, 'feature'>): boolean {
  return route.feature === undefined || features.includes(route.feature)
}

/** Whether someone with `role` may open a page that needs `needed`. */
export function mayOpen(role: string, needed: PageRole): boolean {
  return needed === 'admin' ? role === 'admin' || role === 'owner' : role === 'owner'
}
