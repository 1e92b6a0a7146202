/**
 * A fresh sign-in before the most sensitive changes (issue 21): a session that signed in more than five
 * minutes ago cannot change enforcement, make a token, transfer ownership or delete an SSO profile
 * (`403 auth.reauthentication_required`, nothing changed) until it signs in again through
 * `/admin/reauthenticate` (OIDC `max_age=0` on the Admin Center's own client). Reads, dry runs and API
 * tokens are not asked.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import {
  addUsableProfile,
  errorCode,
  PASSWORD,
  setupAdmin,
  verifyDomain,
  type AdminFixture,
  type SignedIn,
} from './admin.setup.ts'

const MINUTE = 60_000

for (const dialect of DIALECTS) {
  describe(`${dialect}: a fresh sign-in before sensitive changes`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    const clock = new ManualClock(Date.now())
    const org = () => `/api/v1/orgs/${f.a.orgId}`
    let profileId: string
    let adminId: string

    before(async () => {
      f = await setupAdmin(dialect, { clock, config: { DNS_SERVERS: await dns.start() } })
      await verifyDomain(f, dns, f.a, 'fresh.test')
      profileId = await addUsableProfile(f, f.a, { tested: true, domains: ['fresh.test'] })
      adminId = await f.addUser(f.a, 'admin@orga.test', 'admin')
    })
    after(async () => {
      await f?.close()
      await dns.stop()
    })

    /** The four sensitive changes, as the owner's session would make them. */
    const changes = (who: SignedIn) => ({
      'create a token': () => f.sessionApi(who, 'POST', `${org()}/api-tokens`, { name: 'ci' }),
      'create a SCIM token': () =>
        f.sessionApi(who, 'POST', `${org()}/scim-tokens`, { name: 'idp' }),
      'change enforcement': () =>
        f.sessionApi(who, 'PUT', `${org()}/enforcement`, { domains: ['fresh.test'] }),
      'transfer ownership': () => f.sessionApi(who, 'PUT', `${org()}/owner`, { userId: adminId }),
      'delete an SSO profile': () =>
        f.sessionApi(who, 'DELETE', `${org()}/sso-profiles/${profileId}`),
    })
    const countTokens = async () =>
      ((await f.api(f.a.token, 'GET', `${org()}/api-tokens`)).json['tokens'] as unknown[]).length

    it('refuses each sensitive change from a session older than five minutes, changing nothing', async () => {
      const owner = await f.signIn(f.a.ownerEmail)
      clock.advance(5 * MINUTE + 1000)
      const tokensBefore = await countTokens()
      for (const [what, change] of Object.entries(changes(owner))) {
        const answer = await change()
        assert.equal(answer.status, 403, what)
        assert.equal(errorCode(answer.json), 'auth.reauthentication_required', what)
        const details = (answer.json['error'] as { details: Record<string, unknown> }).details
        assert.equal(details['reauthenticate'], '/admin/reauthenticate')
      }
      assert.equal(await countTokens(), tokensBefore)
      const enforcement = await f.api(f.a.token, 'GET', `${org()}/enforcement`)
      assert.deepEqual(
        (enforcement.json['domains'] as { name: string; enforced?: boolean }[])
          .filter((d) => d.enforced === true)
          .map((d) => d.name),
        [],
      )
      const profile = await f.api(f.a.token, 'GET', `${org()}/sso-profiles/${profileId}`)
      assert.equal(profile.status, 200, 'the profile is still there')
      const me = await f.sessionApi(owner, 'GET', '/api/v1/session', undefined, { csrf: false })
      assert.equal((me.json['user'] as { role: string }).role, 'owner')
      // Reads and previews are not sensitive.
      const preview = await f.sessionApi(owner, 'PUT', `${org()}/enforcement?dryRun=true`, {
        domains: ['fresh.test'],
      })
      assert.equal(preview.status, 200, JSON.stringify(preview.json))
    })

    it('lets a session that signed in within five minutes make them', async () => {
      const owner = await f.signIn(f.a.ownerEmail)
      clock.advance(4 * MINUTE)
      const made = await changes(owner)['create a token']()
      assert.equal(made.status, 201, JSON.stringify(made.json))
    })

    it('signs in again through /admin/reauthenticate (max_age=0), then the change goes through', async () => {
      const owner = await f.signIn(f.a.ownerEmail)
      clock.advance(30 * MINUTE)
      assert.equal((await changes(owner)['create a token']()).status, 403)
      // The session still works for the app; the login pages ask for the password again all the same.
      const login = await owner.browser.follow(
        `${f.url}/admin/reauthenticate?return=${encodeURIComponent('/admin/tokens')}`,
      )
      assert.match(login.body, /Email address/, 'the login pages (max_age=0), not straight back')
      const passwordPage = await owner.browser.submit(login, '/login/email', {
        email: f.a.ownerEmail,
      })
      const back = await owner.browser.submit(passwordPage, '/login/password', {
        password: PASSWORD,
      })
      assert.equal(new URL(back.url).pathname, '/admin/tokens', 'back where the change was')
      const info = await owner.browser.request(`${f.url}/api/v1/session`)
      const fresh = { browser: owner.browser, csrfToken: JSON.parse(info.body).csrfToken as string }
      const made = await changes(fresh)['create a token']()
      assert.equal(made.status, 201, JSON.stringify(made.json))
    })

    it('does not ask API tokens (automation) for a sign-in', async () => {
      clock.advance(60 * MINUTE)
      const answer = await f.api(f.a.token, 'PUT', `${org()}/enforcement`, { domains: [] })
      assert.equal(answer.status, 200, JSON.stringify(answer.json))
    })
  })
}
