/** The shell: session first (the server only sends this app to admins), then navigation and pages. */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { loadSession, type Session } from './api/client.ts'
import { LanguagePicker, LocaleProvider, useT } from './i18n/i18n.tsx'
import { SessionContext } from './session.ts'
import { inPlan, mayOpen, ROUTES } from './routes.tsx'

function Nav({ session }: { session: Session }) {
  const t = useT()
  const { path } = useLocation()
  const shown = ROUTES.filter(
    (r) => r.label !== undefined && mayOpen(session.role, r.role) && inPlan(session.features, r),
  )
  return (
    <nav class="sidebar" aria-label={t('shell.navigation')}>
      <ul>
        {shown.map((r) => (
          <li key={r.path}>
            <a href={r.path} aria-current={path === r.path ? 'page' : undefined}>
              {r.label === undefined ? '' : t(r.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function App() {
  return (
    <LocaleProvider>
      <Shell />
    </LocaleProvider>
  )
}

function Shell() {
  const t = useT()
  const [session, setSession] = useState<Session | null>(null)
  useEffect(() => {
    void loadSession().then(setSession)
  }, [])
  if (session === null) return <p class="loading">{t('shell.loading')}</p>
  return (
    <SessionContext.Provider value={session}>
      <LocationProvider scope="/admin">
        <a class="skip" href="#content">
          {t('shell.skip')}
        </a>
        <header class="topbar">
          <span class="brand">{t('shell.brand', { organization: session.organizationName })}</span>
          {session.consoleReturnUrl !== null && (
            <a class="back" href={session.consoleReturnUrl}>
              {t('shell.back_to_console')}
            </a>
          )}
          <span class="who">
            {session.user.email} ({t.status(session.role)}){' '}
            {/* The person's own page (password, two-step sign-in, sessions): outside the app. */}
            <a href="/account">{t('shell.your_account')}</a>{' '}
            <a
              href={`/oauth2/logout?client_id=portcullis-admin-center&post_logout_redirect_uri=${encodeURIComponent(`${location.origin}/admin/signed-out`)}`}
            >
              {t('shell.sign_out')}
            </a>{' '}
            <LanguagePicker />
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

function BackToOverview() {
  const t = useT()
  return (
    <p>
      <a href="/admin">{t('shell.back_to_overview')}</a>
    </p>
  )
}

function NeedsOwner() {
  const t = useT()
  return (
    <section>
      <h1>{t('shell.needs_owner')}</h1>
      <BackToOverview />
    </section>
  )
}

/** A page of a feature the organization's plan does not include (issue 23). */
function NotInPlan() {
  const t = useT()
  return (
    <section>
      <h1>{t('shell.not_in_plan')}</h1>
      <p>{t('shell.not_in_plan_text')}</p>
      <BackToOverview />
    </section>
  )
}

function NotFound() {
  const t = useT()
  return (
    <section>
      <h1>{t('shell.not_found')}</h1>
      <BackToOverview />
    </section>
  )
}
