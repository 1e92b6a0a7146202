/** Inviting a user: the email, names and role; the link is shown once, or said to be emailed. */
import { useState } from 'preact/hooks'
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useOrg } from '../session.ts'

export function InviteForm({ onInvited }: { onInvited: (user: Schemas['User']) => void }) {
  const { orgId } = useOrg()
  const invite = useMutation()
  const [result, setResult] = useState<{ email: string; link: string; delivery: string } | null>(
    null,
  )
  return (
    <details class="panel">
      <summary>Invite a user</summary>
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
        <label for="invite-email">Email address</label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" />
        <label for="invite-given">Given name</label>
        <input id="invite-given" name="givenName" />
        <label for="invite-family">Family name</label>
        <input id="invite-family" name="familyName" />
        <label for="invite-role">Role</label>
        <select id="invite-role" name="role">
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
        <button type="submit">Invite</button>
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
  return (
    <div class="notice" role="status">
      <p>
        {delivery === 'sent'
          ? `The invitation was emailed to ${email}.`
          : `Send this link to ${email} yourself (it works once):`}
      </p>
      <input aria-label="Invitation link" readOnly value={link} />
    </div>
  )
}
