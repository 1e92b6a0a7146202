/**
 * One user: names and role, SSO, two-step sign-in, where they are signed in, a new invitation,
 * deactivate or reactivate, delete.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation } from '../api/hooks.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Status } from '../components/status.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg, useSession } from '../session.ts'
import { InviteLink } from './invite-form.tsx'
import { SSOSetting } from './sso-setting.tsx'
import { FactorsPanel } from './factors-panel.tsx'
import { SessionsPanel } from './sessions-panel.tsx'

type User = Schemas['User']

export function UserDetail(props: {
  user: User
  onChanged: (user: User) => void
  onClose: () => void
}) {
  const t = useT()
  const { orgId } = useOrg()
  const session = useSession()
  const { user } = props
  const change = useMutation()
  const [invite, setInvite] = useState<{ link: string; delivery: string } | null>(null)
  const [forced, setForced] = useState(false)
  const path = { path: { orgId, userId: user.id } }
  const heading = useRef<HTMLHeadingElement>(null)
  // Opened from the list: bring it into view and move the focus there (keyboard and screen readers).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' })
    heading.current?.focus()
  }, [])
  /** Runs a change that answers the user as it is now. */
  const update = async (work: () => Promise<User>) => {
    const changed = await change.run(work)
    if (changed !== undefined) props.onChanged(changed)
  }
  return (
    <section class="panel" aria-labelledby="user-detail">
      <h2 id="user-detail" ref={heading} tabIndex={-1}>
        {user.email}
      </h2>
      <p>
        <Status value={user.status} /> · {t.status(user.role)} ·{' '}
        {t('user.created', { at: t.date(user.createdAt) })}
        {user.externalId !== null && ` · ${t('user.by_scim', { id: user.externalId })}`}
      </p>
      <ErrorNote error={change.error} />
      <form
        onSubmit={(event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          const role = form.choice('role', ['admin', 'member'], 'member')
          void update(() =>
            call(
              api.PATCH('/api/v1/orgs/{orgId}/users/{userId}', {
                params: path,
                body: {
                  givenName: form.optional('givenName'),
                  familyName: form.optional('familyName'),
                  ...(user.role !== 'owner' &&
                    user.roleFrom === null &&
                    role !== user.role && { role }),
                },
              }),
            ),
          )
        }}
      >
        <label for="edit-given">{t('user.given')}</label>
        <input id="edit-given" name="givenName" defaultValue={user.givenName ?? ''} />
        <label for="edit-family">{t('user.family')}</label>
        <input id="edit-family" name="familyName" defaultValue={user.familyName ?? ''} />
        {user.role !== 'owner' && user.roleFrom === null && (
          <>
            <label for="edit-role">{t('users.role')}</label>
            <select id="edit-role" name="role" defaultValue={user.role}>
              <option value="member">{t.status('member')}</option>
              <option value="admin">{t.status('admin')}</option>
            </select>
          </>
        )}
        {user.roleFrom !== null && (
          // Issue 28: the IdP's groups decide this role while the role mapping is on.
          <p class="hint">
            {user.roleFrom.rule === null
              ? t('users.role_from_no_rule', { role: t.status(user.role) })
              : t('users.role_from_rule', {
                  role: t.status(user.role),
                  group: user.roleFrom.rule.match,
                })}{' '}
            <a href="/admin/roles">{t('users.role_from_link')}</a>
          </p>
        )}
        <button type="submit">{t('common.save')}</button>
      </form>
      <SSOSetting user={user} onChanged={props.onChanged} />
      <FactorsPanel userId={user.id} email={user.email} />
      <SessionsPanel userId={user.id} email={user.email} />
      <div class="actions">
        {user.status === 'invited' && (
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              const sent = await change.run(() =>
                call(api.POST('/api/v1/orgs/{orgId}/users/{userId}/invitation', { params: path })),
              )
              if (sent !== undefined)
                setInvite({ link: sent.inviteUrl, delivery: sent.emailDelivery })
            }}
          >
            {t('invitations.resend')}
          </button>
        )}
        {user.status === 'deactivated' ? (
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void update(() =>
                call(api.POST('/api/v1/orgs/{orgId}/users/{userId}/reactivate', { params: path })),
              )
            }
          >
            {t('user.reactivate')}
          </button>
        ) : (
          user.role !== 'owner' && (
            <ConfirmButton
              label={t('user.deactivate')}
              question={t('user.deactivate_question', { email: user.email })}
              danger
              onConfirm={() =>
                update(() =>
                  call(
                    api.POST('/api/v1/orgs/{orgId}/users/{userId}/deactivate', { params: path }),
                  ),
                )
              }
            />
          )
        )}
        {session.role === 'owner' && user.role !== 'owner' && user.status === 'active' && (
          // Ownership is transferred, never edited as a role (issue 27: it was API-only).
          <ConfirmButton
            label={t('user.make_owner')}
            question={t('user.make_owner_question', { email: user.email })}
            onConfirm={async () => {
              const made = await change.run(() =>
                call(
                  api.PUT('/api/v1/orgs/{orgId}/owner', {
                    params: { path: { orgId } },
                    body: { userId: user.id },
                  }),
                ),
              )
              // Who may do what has changed for the one signed in: start the app again.
              if (made !== undefined) window.location.reload()
            }}
          />
        )}
        {user.role !== 'owner' && user.status === 'active' && (
          <ConfirmButton
            label={t('user.force_reset')}
            question={t('user.force_reset_question', { email: user.email })}
            onConfirm={async () => {
              const done = await change.run(() =>
                call(
                  api.POST('/api/v1/orgs/{orgId}/users/{userId}/force-password-reset', {
                    params: path,
                  }),
                ),
              )
              if (done !== undefined) setForced(true)
            }}
          />
        )}
        {user.role !== 'owner' && (
          <ConfirmButton
            label={t('user.delete')}
            question={t('user.delete_question', { email: user.email })}
            danger
            onConfirm={async () => {
              const deleted = await change.run(async () => {
                await call(api.DELETE('/api/v1/orgs/{orgId}/users/{userId}', { params: path }))
                return true
              })
              if (deleted === true) props.onClose()
            }}
          />
        )}
        <button type="button" class="secondary" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      {invite !== null && <InviteLink email={user.email} {...invite} />}
      {forced && (
        <p class="notice" role="status">
          {t('user.force_reset_done', { email: user.email })}
        </p>
      )}
    </section>
  )
}
