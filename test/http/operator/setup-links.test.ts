/**
 * Setup links (issue 23) on both engines: the operator makes one; whoever opens it signs in first and
 * lands on its Admin Center page only as an admin or owner of its organization; it works once (16
 * concurrent opens, one lands), expires, names only a registered return URL, and never signs anyone in.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { PASSWORD } from '../admin/admin.setup.ts'
import { errorOf, setupOperator, type OperatorFixture } from './operator.setup.ts'

const REGISTERED = 'http://127.0.0.1:9/callback'

for (const dialect of DIALECTS) {
  describe(`${dialect}: operator API setup links`, () => {
    let f: OperatorFixture
    before(async () => {
      f = await setupOperator(dialect)
    })
    after(() => f.close())

    const makeLink = async (
      orgId: string,
      body: Record<string, unknown> = { intent: 'sso' },
    ): Promise<string> => {
      const made = await f.op('POST', `/orgs/${orgId}/setup-links`, body)
      assert.equal(made.status, 201, JSON.stringify(made.json))
      return made.json['url'] as string
    }
    const pathOf = (location: string | null) => new URL(location ?? '', f.url).pathname

    it('sends a visitor through the login first, then lands the owner on the page; the console link is kept', async () => {
      const url = await makeLink(f.a.orgId, { intent: 'sso', returnUrl: REGISTERED })
      assert.match(url, /\/admin\/setup\/psl_[\w-]{43}$/)
      const browser = new Browser()
      const first = await browser.request(url)
      assert.equal(first.status, 303)
      assert.equal(pathOf(first.headers.get('location')), '/oauth2/authorize')
      const emailPage = await browser.follow(url)
      const passwordPage = await browser.submit(emailPage, '/login/email', {
        email: f.a.ownerEmail,
      })
      const landed = await browser.submit(passwordPage, '/login/password', { password: PASSWORD })
      assert.equal(new URL(landed.url).pathname, '/admin/sso', landed.body.slice(0, 300))
      const session = await browser.request(`${f.url}/api/v1/session`)
      assert.equal(JSON.parse(session.body).consoleReturnUrl, REGISTERED)

      const again = await browser.request(url)
      assert.equal(again.status, 400)
      assert.equal(reasonCode(again.body), 'login.setup_link_invalid')
      const used = await f.server.app.database.db
        .selectFrom('audit_events')
        .select('actor_type')
        .where('org_id', '=', f.a.orgId)
        .where('type', '=', 'setup_link.used')
        .execute()
      assert.deepEqual(
        used.map((row) => row.actor_type),
        ['user'],
      )
    })

    it("is bound to its organization: another organization's admin and a member are told so, and it stays usable", async () => {
      const url = await makeLink(f.a.orgId, { intent: 'users' })
      const other = await f.signIn(f.b.ownerEmail)
      const refused = await other.browser.request(url)
      assert.equal(refused.status, 403)
      assert.equal(reasonCode(refused.body), 'login.setup_link_other_account')
      await f.addUser(f.a, 'member@orga.test', 'member')
      const member = await f.signIn('member@orga.test')
      assert.equal(
        reasonCode((await member.browser.request(url)).body),
        'login.setup_link_other_account',
      )
      const owner = await f.signIn(f.a.ownerEmail)
      const landed = await owner.browser.request(url)
      assert.equal(landed.status, 303)
      assert.equal(pathOf(landed.headers.get('location')), '/admin/users')
    })

    it('works once under 16 concurrent opens by the signed-in admin', async () => {
      const url = await makeLink(f.a.orgId, { intent: 'domains' })
      const owner = await f.signIn(f.a.ownerEmail)
      const answers = await Promise.all(
        Array.from({ length: 16 }, () => owner.browser.request(url)),
      )
      assert.equal(answers.filter((a) => a.status === 303).length, 1)
      assert.equal(answers.filter((a) => a.status === 400).length, 15)
    })

    it('expires; refuses an unregistered return URL, an unknown intent, a suspended organization', async () => {
      const url = await makeLink(f.a.orgId, { intent: 'scim' })
      await f.server.app.database.db
        .updateTable('setup_links')
        .set({ expires_at: Date.now() - 1 })
        .where('intent', '=', 'scim')
        .execute()
      const owner = await f.signIn(f.a.ownerEmail)
      const expired = await owner.browser.request(url)
      assert.equal(reasonCode(expired.body), 'login.setup_link_invalid')
      const forged = await owner.browser.request(`${f.url}/admin/setup/psl_${'A'.repeat(43)}`)
      assert.equal(reasonCode(forged.body), 'login.setup_link_invalid')

      for (const [body, code] of [
        [{ intent: 'sso', returnUrl: 'https://evil.example/' }, 'setup_link.invalid_return_url'],
        [{ intent: 'sso', returnUrl: `${f.url}/admin/callback` }, 'setup_link.invalid_return_url'],
        [{ intent: 'billing' }, 'request.invalid'],
      ] as const) {
        const answer = await f.op('POST', `/orgs/${f.a.orgId}/setup-links`, body)
        assert.equal(answer.status, 400, JSON.stringify(body))
        assert.equal(errorOf(answer), code)
      }
      await f.op('POST', `/orgs/${f.b.orgId}/suspend`)
      const suspended = await f.op('POST', `/orgs/${f.b.orgId}/setup-links`, { intent: 'sso' })
      assert.equal(suspended.status, 403)
      assert.equal(errorOf(suspended), 'org.suspended')
      await f.op('POST', `/orgs/${f.b.orgId}/resume`)
      const missing = await f.op('POST', '/orgs/no-such-org/setup-links', { intent: 'sso' })
      assert.equal(missing.status, 404)
    })
  })
}
