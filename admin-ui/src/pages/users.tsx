/**
 * Users (SPEC §4): search, filter by role, status and SSO setting, page through; invite; edit names and
 * role; deactivate, reactivate, delete (confirmed); per-user SSO with the confirmation checkbox; send a new
 * invitation.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { api, call, errorOf, type APIError, type Schemas } from '../api.ts'
import { ConfirmButton, ErrorNote, Pager, Status, formatDate } from '../components.tsx'
import { useOrg } from '../session.ts'

type User = Schemas['User']

interface Filters {
  q: string
  role: '' | 'owner' | 'admin' | 'member'
  status: '' | 'invited' | 'active' | 'deactivated'
  sso: '' | 'none' | 'enabled' | 'disabled'
}

export function UsersPage() {
  const { orgId } = useOrg()
  const [filters, setFilters] = useState<Filters>({ q: '', role: '', status: '', sso: '' })
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const [page, setPage] = useState<{ users: User[]; next: string | null } | null>(null)
  const [error, setError] = useState<APIError | null>(null)
  const [selected, setSelected] = useState<User | null>(null)
  const cursor = cursors[cursors.length - 1]

  const load = async () => {
    setError(null)
    try {
      const query = {
        limit: '20',
        ...(cursor === undefined ? {} : { cursor }),
        ...(filters.q === '' ? {} : { q: filters.q }),
        ...(filters.role === '' ? {} : { role: filters.role }),
        ...(filters.status === '' ? {} : { status: filters.status }),
        ...(filters.sso === '' ? {} : { sso: filters.sso }),
      }
      const data = await call(
        api.GET('/api/v1/orgs/{orgId}/users', { params: { path: { orgId }, query } }),
      )
      setPage({ users: data.users, next: data.nextCursor })
    } catch (e) {
      setError(errorOf(e))
    }
  }
  useEffect(() => {
    void load()
  }, [cursor, filters])

  return (
    <section>
      <h1>Users</h1>
      <InviteForm onInvited={() => setCursors([undefined])} />
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          const data = new FormData(event.currentTarget)
          setCursors([undefined])
          setFilters({
            q: String(data.get('q') ?? '').trim(),
            role: String(data.get('role') ?? '') as Filters['role'],
            status: String(data.get('status') ?? '') as Filters['status'],
            sso: String(data.get('sso') ?? '') as Filters['sso'],
          })
        }}
      >
        <label>
          Search <input name="q" type="search" placeholder="Email or name" />
        </label>
        <label>
          Role
          <select name="role">
            <option value="">Any</option>
            <option value="owner">Owner</option>
            <option value="admin">Admin</option>
            <option value="member">Member</option>
          </select>
        </label>
        <label>
          Status
          <select name="status">
            <option value="">Any</option>
            <option value="invited">Invited</option>
            <option value="active">Active</option>
            <option value="deactivated">Deactivated</option>
          </select>
        </label>
        <label>
          SSO
          <select name="sso">
            <option value="">Any</option>
            <option value="none">Default (follows the domain)</option>
            <option value="enabled">Enabled (SSO required)</option>
            <option value="disabled">Disabled (password)</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorNote error={error} />
      {page !== null && (
        <table class="list">
          <caption class="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">SSO</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {page.users.map((user) => (
              <tr key={user.id}>
                <td>
                  <button type="button" class="link" onClick={() => setSelected(user)}>
                    {user.email}
                  </button>
                </td>
                <td>{[user.givenName, user.familyName].filter(Boolean).join(' ') || '—'}</td>
                <td>{user.role}</td>
                <td>
                  <Status value={user.status} />
                </td>
                <td>{user.ssoOverride === 'none' ? 'default' : user.ssoOverride}</td>
                <td>{formatDate(user.lastLoginAt)}</td>
              </tr>
            ))}
            {page.users.length === 0 && (
              <tr>
                <td colSpan={6}>No users match.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={page?.next !== null && page?.next !== undefined}
        onPrevious={() => setCursors(cursors.slice(0, -1))}
        onNext={() => page?.next && setCursors([...cursors, page.next])}
      />
      {selected !== null && (
        <UserDetail
          key={selected.id}
          user={selected}
          onChanged={(user) => {
            setSelected(user)
            void load()
          }}
          onClose={() => {
            setSelected(null)
            void load()
          }}
        />
      )}
    </section>
  )
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { orgId } = useOrg()
  const [error, setError] = useState<APIError | null>(null)
  const [result, setResult] = useState<{ email: string; link: string; delivery: string } | null>(
    null,
  )
  return (
    <details class="panel">
      <summary>Invite a user</summary>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const form = event.currentTarget
          const data = new FormData(form)
          setError(null)
          try {
            const created = await call(
              api.POST('/api/v1/orgs/{orgId}/users', {
                params: { path: { orgId } },
                body: {
                  email: String(data.get('email') ?? ''),
                  role: String(data.get('role')) as 'admin' | 'member',
                  ...(String(data.get('givenName') ?? '') === ''
                    ? {}
                    : { givenName: String(data.get('givenName')) }),
                  ...(String(data.get('familyName') ?? '') === ''
                    ? {}
                    : { familyName: String(data.get('familyName')) }),
                },
              }),
            )
            setResult({
              email: created.user.email,
              link: created.inviteUrl,
              delivery: created.emailDelivery,
            })
            form.reset()
            onInvited()
          } catch (e) {
            setError(errorOf(e))
          }
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
        <ErrorNote error={error} />
      </form>
      {result !== null && <InviteLink {...result} />}
    </details>
  )
}

function InviteLink({ email, link, delivery }: { email: string; link: string; delivery: string }) {
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

function UserDetail(props: { user: User; onChanged: (user: User) => void; onClose: () => void }) {
  const { orgId } = useOrg()
  const { user } = props
  const [error, setError] = useState<APIError | null>(null)
  const [invite, setInvite] = useState<{ link: string; delivery: string } | null>(null)
  const path = { path: { orgId, userId: user.id } }
  const heading = useRef<HTMLHeadingElement>(null)
  // Opened from the list: bring it into view and move the focus there (keyboard and screen readers).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' })
    heading.current?.focus()
  }, [])
  const run = async (work: () => Promise<User | null>) => {
    setError(null)
    try {
      const changed = await work()
      if (changed !== null) props.onChanged(changed)
    } catch (e) {
      setError(errorOf(e))
    }
  }
  return (
    <section class="panel" aria-labelledby="user-detail">
      <h2 id="user-detail" ref={heading} tabIndex={-1}>
        {user.email}
      </h2>
      <p>
        <Status value={user.status} /> · {user.role} · created {formatDate(user.createdAt)}
        {user.externalId !== null && ` · provisioned by SCIM (${user.externalId})`}
      </p>
      <ErrorNote error={error} />
      <form
        onSubmit={(event) => {
          event.preventDefault()
          const data = new FormData(event.currentTarget)
          const name = (key: string) => {
            const value = String(data.get(key) ?? '').trim()
            return value === '' ? null : value
          }
          const role = String(data.get('role') ?? user.role)
          void run(() =>
            call(
              api.PATCH('/api/v1/orgs/{orgId}/users/{userId}', {
                params: path,
                body: {
                  givenName: name('givenName'),
                  familyName: name('familyName'),
                  ...(user.role === 'owner' || role === user.role
                    ? {}
                    : { role: role as 'admin' | 'member' }),
                },
              }),
            ),
          )
        }}
      >
        <label for="edit-given">Given name</label>
        <input id="edit-given" name="givenName" defaultValue={user.givenName ?? ''} />
        <label for="edit-family">Family name</label>
        <input id="edit-family" name="familyName" defaultValue={user.familyName ?? ''} />
        {user.role !== 'owner' && (
          <>
            <label for="edit-role">Role</label>
            <select id="edit-role" name="role" defaultValue={user.role}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </select>
          </>
        )}
        <button type="submit">Save</button>
      </form>
      <SSOSetting user={user} onChanged={props.onChanged} />
      <div class="actions">
        {user.status === 'invited' && (
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void run(async () => {
                const sent = await call(
                  api.POST('/api/v1/orgs/{orgId}/users/{userId}/invitation', { params: path }),
                )
                setInvite({ link: sent.inviteUrl, delivery: sent.emailDelivery })
                return null
              })
            }
          >
            Send a new invitation
          </button>
        )}
        {user.status === 'deactivated' ? (
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void run(() =>
                call(api.POST('/api/v1/orgs/{orgId}/users/{userId}/reactivate', { params: path })),
              )
            }
          >
            Reactivate
          </button>
        ) : (
          user.role !== 'owner' && (
            <ConfirmButton
              label="Deactivate"
              question={`Deactivate ${user.email}? Their sessions end at once.`}
              danger
              onConfirm={() =>
                run(() =>
                  call(
                    api.POST('/api/v1/orgs/{orgId}/users/{userId}/deactivate', { params: path }),
                  ),
                )
              }
            />
          )
        )}
        {user.role !== 'owner' && (
          <ConfirmButton
            label="Delete"
            question={`Delete ${user.email}? This cannot be undone.`}
            danger
            onConfirm={() =>
              run(async () => {
                await call(api.DELETE('/api/v1/orgs/{orgId}/users/{userId}', { params: path }))
                props.onClose()
                return null
              })
            }
          />
        )}
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
      {invite !== null && <InviteLink email={user.email} {...invite} />}
    </section>
  )
}

/** Per-user SSO: Enabled / Disabled / default, applied only with the confirmation checkbox ticked. */
function SSOSetting({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const { orgId } = useOrg()
  const [error, setError] = useState<APIError | null>(null)
  const [risk, setRisk] = useState(false)
  return (
    <form
      class="sso-setting"
      onSubmit={async (event) => {
        event.preventDefault()
        const data = new FormData(event.currentTarget)
        setError(null)
        try {
          const changed = await call(
            api.PUT('/api/v1/orgs/{orgId}/users/{userId}/sso', {
              params: { path: { orgId, userId: user.id } },
              body: {
                mode: String(data.get('mode')) as 'none' | 'enabled' | 'disabled',
                confirm: data.get('confirm') === 'on',
                ...(data.get('acknowledge') === 'on' ? { acknowledgeLockoutRisk: true } : {}),
              },
            }),
          )
          onChanged(changed)
        } catch (e) {
          const failure = errorOf(e)
          if (failure.code === 'enforcement.lockout_risk') setRisk(true)
          setError(failure)
        }
      }}
    >
      <fieldset>
        <legend>Single sign-on for this user</legend>
        {(['none', 'enabled', 'disabled'] as const).map((mode) => (
          <label key={mode} class="choice">
            <input
              type="radio"
              name="mode"
              value={mode}
              defaultChecked={user.ssoOverride === mode}
            />
            {mode === 'none'
              ? 'Default: follow the domain’s enforcement'
              : mode === 'enabled'
                ? 'Enabled: always sign in with SSO'
                : 'Disabled: always sign in with a password'}
          </label>
        ))}
        <label class="choice">
          <input type="checkbox" name="confirm" required />I understand this changes how{' '}
          {user.email} signs in.
        </label>
        {risk && (
          <label class="choice">
            <input type="checkbox" name="acknowledge" />
            No owner or admin would keep a password way in. Change it anyway.
          </label>
        )}
        <button type="submit">Change SSO setting</button>
      </fieldset>
      <ErrorNote error={error} />
    </form>
  )
}
