/**
 * Users (SPEC §4): search, filter by role, status and SSO setting, page through; invite; open one to edit
 * names and role, deactivate, reactivate, delete (confirmed), set SSO with the confirmation checkbox, or
 * send a new invitation.
 */
import { useState } from 'preact/hooks'
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useCursorPages } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { Status } from '../components/status.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'
import { InviteForm } from './invite-form.tsx'
import { InvitationsPanel } from './invitations-panel.tsx'
import { UserDetail } from './user-detail.tsx'

type User = Schemas['User']

const ROLES = ['owner', 'admin', 'member'] as const
const STATUSES = ['invited', 'active', 'deactivated'] as const
const SSO_MODES = ['none', 'enabled', 'disabled'] as const

interface Filters {
  readonly q?: string
  readonly role?: (typeof ROLES)[number]
  readonly status?: (typeof STATUSES)[number]
  readonly sso?: (typeof SSO_MODES)[number]
}

export function UsersPage() {
  const t = useT()
  const { orgId } = useOrg()
  const [filters, setFilters] = useState<Filters>({})
  const [selected, setSelected] = useState<User | null>(null)
  const [invited, setInvited] = useState<User[]>([])
  const [invitations, setInvitations] = useState(0)
  const pages = useCursorPages(
    async (cursor) => {
      const query = { limit: '20', ...(cursor === undefined ? {} : { cursor }), ...filters }
      const data = await call(
        api.GET('/api/v1/orgs/{orgId}/users', { params: { path: { orgId }, query } }),
      )
      return { items: data.users, next: data.nextCursor, total: data.total }
    },
    [filters],
  )

  return (
    <section>
      <h1>{t('users.title')}</h1>
      <InviteForm
        onInvited={(user) => {
          setInvited((earlier) => [user, ...earlier.filter((u) => u.id !== user.id)])
          setInvitations((n) => n + 1)
          pages.first()
        }}
      />
      <InvitationsPanel refresh={invitations} />
      {invited.length > 0 && (
        // The list is oldest first: someone just invited may be pages away (issue 27).
        <section class="panel" aria-labelledby="just-invited">
          <h2 id="just-invited">{t('users.just_invited')}</h2>
          <ul>
            {invited.map((user) => (
              <li key={user.id}>
                <button type="button" class="link" onClick={() => setSelected(user)}>
                  {user.email}
                </button>{' '}
                <Status value={user.status} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          const q = form.text('q')
          const role = form.choice('role', ['', ...ROLES], '')
          const status = form.choice('status', ['', ...STATUSES], '')
          const sso = form.choice('sso', ['', ...SSO_MODES], '')
          // "Any" is no filter at all.
          setFilters({
            ...(q !== '' && { q }),
            ...(role !== '' && { role }),
            ...(status !== '' && { status }),
            ...(sso !== '' && { sso }),
          })
        }}
      >
        <label>
          {t('users.search')}{' '}
          <input name="q" type="search" placeholder={t('users.search_placeholder')} />
        </label>
        <label>
          {t('users.role')}
          <select name="role">
            <option value="">{t('users.any')}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t.status(role)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('users.status')}
          <select name="status">
            <option value="">{t('users.any')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t.status(status)}
              </option>
            ))}
          </select>
        </label>
        <label>
          SSO
          <select name="sso">
            <option value="">{t('users.any')}</option>
            <option value="none">{t('users.sso_filter_none')}</option>
            <option value="enabled">{t('users.sso_filter_enabled')}</option>
            <option value="disabled">{t('users.sso_filter_disabled')}</option>
          </select>
        </label>
        <button type="submit">{t('common.apply')}</button>
      </form>
      <ErrorNote error={pages.error} />
      {pages.data?.total !== undefined && (
        <p class="meta" aria-live="polite">
          {t.count(
            Object.keys(filters).length > 0 ? 'users.total_match' : 'users.total',
            pages.data.total,
          )}
        </p>
      )}
      {pages.data !== undefined && (
        <DataTable
          caption={t('users.title')}
          rows={pages.data.items}
          rowKey={(user) => user.id}
          empty={t('users.none')}
          columns={[
            {
              header: t('import.email'),
              cell: (user) => (
                <button type="button" class="link" onClick={() => setSelected(user)}>
                  {user.email}
                </button>
              ),
            },
            {
              header: t('sso.name'),
              cell: (user) => [user.givenName, user.familyName].filter(Boolean).join(' ') || '—',
            },
            { header: t('users.role'), cell: (user) => t.status(user.role) },
            { header: t('users.status'), cell: (user) => <Status value={user.status} /> },
            { header: 'SSO', cell: (user) => t(`users.sso_${user.ssoOverride}`) },
            { header: t('users.last_sign_in'), cell: (user) => t.date(user.lastLoginAt) },
          ]}
        />
      )}
      <Pager
        hasPrevious={pages.hasPrevious}
        hasNext={pages.hasNext}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      {selected !== null && (
        <UserDetail
          key={selected.id}
          user={selected}
          onChanged={(user) => {
            setSelected(user)
            void pages.reload()
          }}
          onClose={() => {
            setSelected(null)
            void pages.reload()
          }}
        />
      )}
    </section>
  )
}
