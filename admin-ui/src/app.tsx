/** The shell: session first (the server only sends this app to admins), then navigation and pages. */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { loadSession, type Session } from './api.ts'
import { SessionContext } from './session.ts'
import { OverviewPage } from './pages/overview.tsx'
import { UsersPage } from './pages/users.tsx'
import { DomainsPage } from './pages/domains.tsx'
import { ProfilesPage } from './pages/profiles.tsx'
import { EnforcementPage } from './pages/enforcement.tsx'
import { TokensPage } from './pages/tokens.tsx'
import { AuditPage } from './pages/audit.tsx'
import { ImportPage } from './pages/import.tsx'
import { SettingsPage } from './pages/settings.tsx'

const NAV = [
  ['/admin', 'Overview'],
  ['/admin/users', 'Users'],
  ['/admin/import', 'Import users'],
  ['/admin/domains', 'Domains'],
  ['/admin/sso', 'SSO profiles'],
  ['/admin/enforcement', 'Enforcement'],
  ['/admin/tokens', 'SCIM and API tokens'],
  ['/admin/settings', 'Settings'],
  ['/admin/audit', 'Audit log'],
] as const

function Nav() {
  const { path } = useLocation()
  return (
    <nav class="sidebar" aria-label="Admin Center">
      <ul>
        {NAV.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={path === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function App() {
  const [session, setSession] = useState<Session | null>(null)
  useEffect(() => {
    void loadSession().then(setSession)
  }, [])
  if (session === null) return <p class="loading">Loading…</p>
  return (
    <SessionContext.Provider value={session}>
      <LocationProvider scope="/admin">
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="topbar">
          <span class="brand">Portcullis Admin Center</span>
          <span class="who">
            {session.user.email} ({session.role}){' '}
            <a
              href={`/oauth2/logout?client_id=portcullis-admin-center&post_logout_redirect_uri=${encodeURIComponent(`${location.origin}/admin/signed-out`)}`}
            >
              Sign out
            </a>
          </span>
        </header>
        <div class="layout">
          <Nav />
          <main id="content" tabIndex={-1}>
            <Router>
              <Route path="/admin" component={OverviewPage} />
              <Route path="/admin/users" component={UsersPage} />
              <Route path="/admin/import" component={ImportPage} />
              <Route path="/admin/domains" component={DomainsPage} />
              <Route path="/admin/sso" component={ProfilesPage} />
              <Route path="/admin/sso/:id" component={ProfilesPage} />
              <Route path="/admin/enforcement" component={EnforcementPage} />
              <Route path="/admin/tokens" component={TokensPage} />
              <Route path="/admin/settings" component={SettingsPage} />
              <Route path="/admin/audit" component={AuditPage} />
              <Route default component={NotFound} />
            </Router>
          </main>
        </div>
      </LocationProvider>
    </SessionContext.Provider>
  )
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <a href="/admin">Back to the overview</a>
      </p>
    </section>
  )
}
