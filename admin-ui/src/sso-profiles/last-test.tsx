/**
 * A profile's connection test: the button that starts one (the browser goes to the IdP), and the last
 * result — passed or not, when, and what the IdP sent or which check failed.
 */
import { api, call } from '../api/client.ts'
import { useT } from '../i18n/i18n.tsx'
import type { ProfileEditing } from './profile-detail.tsx'
import type { Profile } from './profiles-page.tsx'

/** The last connection test: passed or not, when, and what the IdP sent or which check failed. */
export function LastTest({ test }: { test: Profile['lastTest'] }) {
  const t = useT()
  if (test === null) return <p>{t('last_test.none')}</p>
  const result = test.result as Record<string, unknown>
  const failures = (result['failures'] ?? result['errors']) as unknown
  return (
    <div class={test.passed ? 'notice' : 'error'} role="status">
      <p>{t(test.passed ? 'last_test.passed' : 'last_test.failed', { at: t.date(test.at) })}</p>
      <dl class="facts">
        {Object.entries(result)
          .filter(
            ([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
          )
          .map(([k, v]) => (
            <>
              <dt key={`${k}-t`}>{k}</dt>
              <dd key={`${k}-d`}>{String(v)}</dd>
            </>
          ))}
        {encryptionFact(t, result['encryption'])}
      </dl>
      {failures !== undefined && <pre>{JSON.stringify(failures, null, 2)}</pre>}
      <details>
        <summary>{t('last_test.everything')}</summary>
        <pre>{JSON.stringify(result, null, 2)}</pre>
      </details>
    </div>
  )
}

/** Whether the tested assertion came encrypted, and with which algorithms (issue 28). */
function encryptionFact(t: ReturnType<typeof useT>, encryption: unknown) {
  if (typeof encryption !== 'object' || encryption === null) return null
  const e = encryption as { encrypted?: unknown; dataAlgorithm?: unknown; keyTransport?: unknown }
  const short = (uri: unknown) => (typeof uri === 'string' ? (uri.split('#')[1] ?? uri) : '?')
  return (
    <>
      <dt>{t('last_test.encryption')}</dt>
      <dd>
        {e.encrypted === true
          ? t('last_test.encrypted', {
              data: short(e.dataAlgorithm),
              transport: short(e.keyTransport),
            })
          : t('last_test.not_encrypted')}
      </dd>
    </>
  )
}

/** Starts a connection test: the Admin API's single-use URL, opened in this browser. */
export function TestButton({ editing }: { editing: ProfileEditing }) {
  const t = useT()
  const { profile, change, path } = editing
  return (
    <button
      type="button"
      disabled={!profile.usable || change.pending}
      onClick={async () => {
        const started = await change.run(() =>
          call(api.POST('/api/v1/orgs/{orgId}/sso-profiles/{profileId}/test', { params: path })),
        )
        if (started !== undefined) window.location.assign(started.testUrl)
      }}
    >
      {t('sso.test_button')}
    </button>
  )
}
