/** The shell: session first (the server only sends this app to admins), then navigation and pages. */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { loadSession, type Session } from './api/client.ts'
import { SessionContext } from './session.ts'
import { mayOpen, ROUTES } from './routes.tsx'

function Nav({ role }: { role: string }) {
  const { path } = useLocation()
  return (
    <nav class="sidebar" aria-label="Admin Center">
      <ul>
        {ROUTES.filter((r) => r.label !== undefined && mayOpen(role, r.role)).map((r) => (
          <li key={r.path}>
            <a href={r.path} aria-current={path === r.path ? 'page' : undefined}>
              {r.label}
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
          <Nav role={session.role} />
          <main id="content" tabIndex={-1}>
            <Router>
              {ROUTES.map((r) => (
                <Route
                  key={r.path}
                  path={r.path}
                  component={mayOpen(session.role, r.role) ? r.page : NeedsOwner}
                />
              ))}
              <Route default component={NotFound} />
            </Router>
          </main>
        </div>
      </LocationProvider>
    </SessionContext.Provider>
  )
}

function NeedsOwner() {
  return (
    <section>
      <h1>Only the owner can open this page</h1>
      <p>
        <a href="/admin">Back to the overview</a>
      </p>
    </section>
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
