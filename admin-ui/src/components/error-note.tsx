/** The API's error next to what caused it, with its code (and the way to sign in again when a change needs it). */
import type { APIError } from '../api/client.ts'
import { useT } from '../i18n/i18n.tsx'

/** The API's error, next to what caused it: code and message, and the details that help. */
export function ErrorNote({ error, id }: { error: APIError | null | undefined; id?: string }) {
  const t = useT()
  if (error === null || error === undefined) return null
  const details = error.details === undefined ? null : JSON.stringify(error.details)
  // A sensitive change after a while: sign in again, then come back here to repeat it.
  const again =
    error.code === 'auth.reauthentication_required'
      ? `/admin/reauthenticate?return=${encodeURIComponent(window.location.pathname)}`
      : null
  return (
    <div class="error" role="alert" id={id}>
      <p>{t.error(error)}</p>
      {again !== null && (
        <p>
          <a
            href={again}
            onClick={(event) => {
              // A real navigation through the login pages, not a route of the app.
              event.preventDefault()
              window.location.assign(again)
            }}
          >
            {t('common.sign_in_again')}
          </a>
          {t('common.then_repeat')}
        </p>
      )}
      {again === null && details !== null && details !== '{}' && <p class="details">{details}</p>}
      <p class="code">{t('common.code', { code: error.code })}</p>
    </div>
  )
}
