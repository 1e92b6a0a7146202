/**
 * Roles from the SAML sign-in's group values on both engines (issue 28): Entra ID's groups claim (object
 * IDs) promotes at a sign-in and a later sign-in without the group demotes; an assertion without the
 * attribute means "no groups"; a hostile IdP's 10,000 values are refused by the request's size limit
 * before anything is read, and 1,500 honest ones are cut to 1,000 with the cut in the sign-in's audit details.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { reasonCode } from '../../helpers/browser.ts'
import {
  CALLBACK,
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

const GROUPS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'
const CONSOLE_ADMINS = '6f2c1a9e-3b1d-4c55-9a0e-2d7f8b4e1c01'
const STAFF = '0b7c2e2d-6f1a-4c8e-9d3b-7e5a1c2f4b60'

for (const dialect of DIALECTS) {
  describe(`${dialect}: roles from SAML group values`, () => {
    let f: SAMLFixture
    const org = () => `/api/v1/orgs/${f.admin.a.orgId}`
    const user = async () =>
      (await f.admin.api(f.admin.a.token, 'GET', `${org()}/users/${f.userId}`)).json
    const signIn = async (groups: readonly string[] | undefined) => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      return postResponse(f, login.browser, {
        inResponseTo: request.id,
        attributes: {
          email: f.userEmail,
          ...(groups !== undefined && { [GROUPS]: groups }),
        },
      })
    }
    const lastLogin = async () => {
      const row = await f.admin.server.app.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('type', '=', 'login.succeeded')
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst()
      return JSON.parse(row?.details ?? '{}') as Record<string, unknown>
    }

    before(async () => {
      f = await setupSAML(dialect)
      const saved = await f.admin.api(f.admin.a.token, 'PUT', `${org()}/role-mapping`, {
        enabled: true,
        rules: [
          { source: 'saml_attribute', attribute: GROUPS, match: STAFF, role: 'member' },
          { source: 'saml_attribute', attribute: GROUPS, match: CONSOLE_ADMINS, role: 'admin' },
        ],
      })
      assert.equal(saved.status, 200, JSON.stringify(saved.json))
    })
    after(async () => f?.close())

    it('promotes at a sign-in whose groups claim holds the admin group: the highest rule wins', async () => {
      const back = await signIn([STAFF, CONSOLE_ADMINS])
      assert.equal(back.status, 303, back.body)
      assert.ok((back.headers.get('location') ?? '').startsWith(CALLBACK))
      const now = await user()
      assert.equal(now['role'], 'admin')
      assert.deepEqual(now['roleFrom'], {
        mapping: true,
        rule: { source: 'saml_attribute', attribute: GROUPS, match: CONSOLE_ADMINS },
      })
      assert.deepEqual((await lastLogin())['roleMapping'], { from: 'member', to: 'admin' })
    })

    it('demotes at the next sign-in without it, and when the claim is missing altogether', async () => {
      await signIn([CONSOLE_ADMINS])
      assert.equal((await signIn([STAFF])).status, 303)
      assert.equal((await user())['role'], 'member')
      await signIn([CONSOLE_ADMINS])
      assert.equal((await user())['role'], 'admin')
      assert.equal((await signIn(undefined)).status, 303)
      const now = await user()
      assert.equal(now['role'], 'member')
      assert.deepEqual(now['roleFrom'], { mapping: true, rule: null })
    })

    it('leaves the person’s version (their SCIM ETag) alone at a sign-in that changes nothing', async () => {
      const version = async () =>
        Number(
          (
            await f.admin.server.app.database.db
              .selectFrom('users')
              .select('version')
              .where('id', '=', f.userId)
              .executeTakeFirstOrThrow()
          ).version,
        )
      await signIn([STAFF])
      const before = await version()
      assert.equal((await signIn([STAFF])).status, 303)
      assert.equal(await version(), before)
      await signIn([CONSOLE_ADMINS])
      assert.ok((await version()) > before, 'a role the mapping changes is a change')
      // Back to where the test before left the person (a member, no group claim).
      assert.equal((await signIn(undefined)).status, 303)
    })

    it('refuses 10,000 group values by the message limits, changing nothing', async () => {
      const many = Array.from({ length: 10_000 }, (_, i) => `g${i}`)
      const refused = await signIn([...many, CONSOLE_ADMINS])
      // The form body's limit answers before the SAML parser's own (192 KiB, 5,000 elements).
      assert.equal(refused.status, 413)
      assert.equal(reasonCode(refused.body), 'request.too_large')
      assert.equal((await user())['role'], 'member')
    })

    it('keeps 1,000 of 1,500 values and says how many it cut', async () => {
      const values = Array.from({ length: 1_500 }, (_, i) => `g${i}`)
      const back = await signIn([CONSOLE_ADMINS, ...values])
      assert.equal(back.status, 303, back.body.slice(0, 300))
      assert.equal((await lastLogin())['groupValuesCut'], 501)
      // The admin group came first, within the kept values.
      assert.equal((await user())['role'], 'admin')
    })

    it('keeps the role when demoting at a sign-in would leave nobody a way in, and says so', async () => {
      // Ada keeps a password way in (SSO only allowed for her); the owner signs in with SSO only.
      const users = `${org()}/users`
      const tested = await f.admin.server.app.database.db
        .updateTable('sso_profiles')
        .set({ last_test_at: Date.now(), last_test_passed_at: Date.now() })
        .where('id', '=', f.profileId)
        .executeTakeFirst()
      assert.equal(Number(tested.numUpdatedRows), 1)
      for (const [id, mode] of [
        [f.userId, 'none'],
        [f.admin.a.ownerId, 'enabled'],
      ] as const) {
        const set = await f.admin.api(f.admin.a.token, 'PUT', `${users}/${id}/sso`, {
          mode,
          confirm: true,
          acknowledgeLockoutRisk: true,
        })
        assert.equal(set.status, 200, JSON.stringify(set.json))
      }
      assert.equal((await user())['role'], 'admin')
      const back = await signIn([STAFF])
      assert.equal(back.status, 303, back.body.slice(0, 300))
      assert.equal((await user())['role'], 'admin')
      assert.deepEqual((await lastLogin())['roleMapping'], {
        refused: true,
        from: 'admin',
        to: 'member',
      })
    })
  })
}
