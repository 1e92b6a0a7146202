/**
 * Every page of the Admin Center: where it is, its name in the navigation, and the least role it needs
 * (the server sends the app to admins and owners only; the Admin API checks every call again).
 */
import type { FunctionComponent } from 'preact'
import { AuditPage } from './audit/audit-page.tsx'
import { DomainsPage } from './domains/domains-page.tsx'
import { EnforcementPage } from './enforcement/enforcement-page.tsx'
import { GroupsPage } from './groups/groups-page.tsx'
import { RoleMappingPage } from './roles/role-mapping-page.tsx'
import { ImportPage } from './import/import-page.tsx'
import { OverviewPage } from './overview/overview-page.tsx'
import { SettingsPage } from './settings/settings-page.tsx'
import { ProfilesPage } from './sso-profiles/profiles-page.tsx'
import { TokensPage } from './tokens/tokens-page.tsx'
import { UsersPage } from './users/users-page.tsx'

import type { Feature } from './api/client.ts'
import type { MessageKey } from './i18n/i18n.tsx'

export type PageRole = 'admin' | 'owner'

export interface AdminRoute {
  readonly path: string
  /** The page's name in the navigation (a catalogue key); none for pages reached from another. */
  readonly label?: MessageKey
  readonly page: FunctionComponent
  readonly role: PageRole
  /** The plan feature the page belongs to: without it the page is hidden (issue 23). */
  readonly feature?: Feature
}

export const ROUTES: readonly AdminRoute[] = [
  { path: '/admin', label: 'nav.overview', page: OverviewPage, role: 'admin' },
  // The guided set-up, where a connection test's result page continues it (issue 27).
  { path: '/admin/setup', page: OverviewPage, role: 'admin', feature: 'sso' },
  { path: '/admin/users', label: 'nav.users', page: UsersPage, role: 'admin' },
  {
    path: '/admin/import',
    label: 'nav.import',
    page: ImportPage,
    role: 'admin',
    feature: 'import',
  },
  { path: '/admin/groups', label: 'nav.groups', page: GroupsPage, role: 'admin', feature: 'scim' },
  { path: '/admin/roles', label: 'nav.roles', page: RoleMappingPage, role: 'admin' },
  { path: '/admin/domains', label: 'nav.domains', page: DomainsPage, role: 'admin' },
  { path: '/admin/sso', label: 'nav.sso', page: ProfilesPage, role: 'admin', feature: 'sso' },
  { path: '/admin/sso/:id', page: ProfilesPage, role: 'admin', feature: 'sso' },
  { path: '/admin/sso/:id/:tab', page: ProfilesPage, role: 'admin', feature: 'sso' },
  {
    path: '/admin/enforcement',
    label: 'nav.enforcement',
    page: EnforcementPage,
    role: 'admin',
    feature: 'sso',
  },
  { path: '/admin/tokens', label: 'nav.tokens', page: TokensPage, role: 'admin' },
  { path: '/admin/settings', label: 'nav.settings', page: SettingsPage, role: 'admin' },
  { path: '/admin/audit', label: 'nav.audit', page: AuditPage, role: 'admin' },
]

/** Whether the organization's plan includes the page (pages of no feature are in every plan). */
export function inPlan(features: readonly string[], route: Pick<AdminRoute, 'feature'>): boolean {
  return route.feature === undefined || features.includes(route.feature)
}

/** Whether someone with `role` may open a page that needs `needed`. */
export function mayOpen(role: string, needed: PageRole): boolean {
  return needed === 'admin' ? role === 'admin' || role === 'owner' : role === 'owner'
}
