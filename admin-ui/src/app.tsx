/** The shell: session first (the server only sends this app to admins), then navigation and pages. */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { loadSession, type Session } from './api/client.ts'
import { SessionContext } from './session.ts'
import { inPlan, mayOpen, ROUTES } from './routes.tsx'

function Nav({ session }: { session: Session }) {
  const { path } = useLocation()
  const shown = ROUTES.filter(
    (r) => r.label !== undefined && mayOpen(session.role, r.role) && inPlan(session.features, r),
  )
  return (
    <nav class="sidebar" aria-label="Admin Center">
      <ul>
        {shown.map((r) => (
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
          <span class="brand">Portcullis Admin Center — {session.organizationName}</span>
          {session.consoleReturnUrl !== null && (
            <a class="back" href={session.consoleReturnUrl}>
              Back to the console
            </a>
          )}
          <span class="who">
            {session.user.email} ({session.role}){' '}
            {/* The person's own page (password, two-step sign-in, sessions): outside the app. */}
            <a href="/account">Your account</a>{' '}
            <a
              href={`/oauth2/logout?client_id=portcullis-admin-center&post_logout_redirect_uri=${encodeURIComponent(`${location.origin}/admin/signed-out`)}`}
            >
              Sign out
            </a>
          </span>
        </header>
        <div class="layout">
          <Nav session={session} />
          <main id="content" tabIndex={-1}>
            <Router>
              {ROUTES.map((r) => (
                <Route
                  key={r.path}
                  path={r.path}
                  component={
                    !inPlan(session.features, r)
                      ? NotInPlan
                      : mayOpen(session.role, r.role)
                        ? r.page
                        : NeedsOwner
                  }
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

/** A page of a feature the organization's plan does not include (issue 23). */
function NotInPlan() {
  return (
    <section>
      <h1>Not in your plan</h1>
      <p>
        This part of the Admin Center is not included in your organization’s plan. Ask your provider
        (the application you use) to turn it on.
      </p>
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
