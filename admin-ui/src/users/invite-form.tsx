/** Inviting a user: the email, names and role; the link is shown once, or said to be emailed. */
import { useState } from 'preact/hooks'
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

export function InviteForm({ onInvited }: { onInvited: (user: Schemas['User']) => void }) {
  const t = useT()
  const { orgId } = useOrg()
  const invite = useMutation()
  const [result, setResult] = useState<{ email: string; link: string; delivery: string } | null>(
    null,
  )
  return (
    <details class="panel">
      <summary>{t('invite.title')}</summary>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const element = event.currentTarget
          const form = fieldsOf(element)
          const givenName = form.optional('givenName')
          const familyName = form.optional('familyName')
          const created = await invite.run(() =>
            call(
              api.POST('/api/v1/orgs/{orgId}/users', {
                params: { path: { orgId } },
                body: {
                  email: form.text('email'),
                  role: form.choice('role', ['admin', 'member'], 'member'),
                  ...(givenName !== null && { givenName }),
                  ...(familyName !== null && { familyName }),
                },
              }),
            ),
          )
          if (created === undefined) return
          setResult({
            email: created.user.email,
            link: created.inviteUrl,
            delivery: created.emailDelivery,
          })
          element.reset()
          onInvited(created.user)
        }}
      >
        <label for="invite-email">{t('invite.email')}</label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" />
        <label for="invite-given">{t('user.given')}</label>
        <input id="invite-given" name="givenName" />
        <label for="invite-family">{t('user.family')}</label>
        <input id="invite-family" name="familyName" />
        <label for="invite-role">{t('users.role')}</label>
        <select id="invite-role" name="role">
          <option value="member">{t.status('member')}</option>
          <option value="admin">{t.status('admin')}</option>
        </select>
        <button type="submit">{t('invite.submit')}</button>
        <ErrorNote error={invite.error} />
      </form>
      {result !== null && <InviteLink {...result} />}
    </details>
  )
}

/** Where an invitation went: emailed, or the link to send yourself (it works once). */
export function InviteLink({
  email,
  link,
  delivery,
}: {
  email: string
  link: string
  delivery: string
}) {
  const t = useT()
  return (
    <div class="notice" role="status">
      <p>{t(delivery === 'sent' ? 'invite.emailed' : 'invite.send_yourself', { email })}</p>
      <input aria-label={t('invite.link')} readOnly value={link} />
    </div>
  )
}
