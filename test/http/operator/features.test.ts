/**
 * Plans (issue 23) on both engines: a feature left out of an organization's plan closes its Admin API
 * routes (403 org.feature_disabled), its SCIM endpoint and its SAML endpoints; removing `sso` while a
 * domain enforces it is refused unless the operator lifts the enforcement, and then every user without
 * a password gets a way to set one — never a silent lock-out.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { Browser } from '../../helpers/browser.ts'
import { countRows } from '../../helpers/storage.ts'
import { newId } from '../../../src/platform/random.ts'
import { addUsableProfile, verifyDomain } from '../admin/admin.setup.ts'
import { errorOf, setupOperator, type OperatorFixture } from './operator.setup.ts'

const CLI = { type: 'operator', id: 'cli' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: operator API plans`, () => {
    let f: OperatorFixture
    const dns = new TestDNSServer()
    let profileId: string
    let ssoOnlyId: string
    let invitedId: string
    const orgA = () => `/api/v1/orgs/${f.a.orgId}`

    before(async () => {
      f = await setupOperator(dialect, { config: { DNS_SERVERS: await dns.start() } })
      const domainId = await verifyDomain(f, dns, f.a, 'corp.test')
      profileId = await addUsableProfile(f, f.a, { tested: true, domains: ['corp.test'] })
      await f.server.app.database.db
        .updateTable('domains')
        .set({ sso_profile_id: profileId })
        .where('id', '=', domainId)
        .execute()
      await f.addUser(f.a, 'alice@corp.test', 'member')
      // Signed in only by SSO so far: active, no password (as just-in-time provisioning makes them).
      ssoOnlyId = newId()
      const now = Date.now()
      await f.server.app.database.db
        .insertInto('users')
        .values({
          id: ssoOnlyId,
          org_id: f.a.orgId,
          email: 'sso-only@corp.test',
          email_canonical: 'sso-only@corp.test',
          given_name: null,
          family_name: null,
          display_name: null,
          external_id: null,
          status: 'active',
          role: 'member',
          password_hash: null,
          sso_override: 'none',
          created_at: now,
          updated_at: now,
          last_login_at: now,
          version: 1,
        } as never)
        .execute()
      const invited = await f.server.app.services.invitations.inviteUser(
        f.a.orgId,
        { email: 'carol@corp.test', role: 'member' },
        CLI,
      )
      invitedId = invited.user.id
      const enforced = await f.api(f.a.token, 'PUT', `${orgA()}/enforcement`, {
        domains: ['corp.test'],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(enforced.status, 200, JSON.stringify(enforced.json))
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    const emailStep = async (email: string) => {
      const browser = new Browser()
      const authorize = new URL(`${f.url}/admin`)
      const page = await browser.follow(authorize.href)
      return browser.submit(page, '/login/email', { email })
    }

    it('refuses to remove sso while a domain is enforced, writing nothing', async () => {
      const before = await countRows(f.server.app.database)
      const refused = await f.op('PATCH', `/orgs/${f.a.orgId}`, { features: ['scim', 'import'] })
      assert.equal(refused.status, 409)
      assert.equal(errorOf(refused), 'org.enforcement_active')
      assert.deepEqual(
        (refused.json['error'] as { details: { enforcedDomains: string[] } }).details
          .enforcedDomains,
        ['corp.test'],
      )
      assert.deepEqual(await countRows(f.server.app.database), before)
      // Enforced: the email step hands over to the IdP.
      const handOver = await emailStep('alice@corp.test')
      assert.doesNotMatch(handOver.body, /name="password"/)
    })

    it('with liftEnforcement: enforcement lifted and audited, passwordless users sent a way in, SSO closed', async () => {
      const lifted = await f.op('PATCH', `/orgs/${f.a.orgId}`, {
        features: ['scim', 'import'],
        liftEnforcement: true,
      })
      assert.equal(lifted.status, 200, JSON.stringify(lifted.json))
      const db = f.server.app.database.db
      const domain = await db
        .selectFrom('domains')
        .select('enforced_at')
        .where('org_id', '=', f.a.orgId)
        .where('name', '=', 'corp.test')
        .executeTakeFirstOrThrow()
      assert.equal(domain.enforced_at, null)
      const event = await db
        .selectFrom('audit_events')
        .select(['details', 'actor_type'])
        .where('org_id', '=', f.a.orgId)
        .where('type', '=', 'enforcement.changed')
        .orderBy('occurred_at', 'desc')
        .executeTakeFirstOrThrow()
      assert.equal(event.actor_type, 'operator_token')
      assert.deepEqual(JSON.parse(event.details).removed, ['corp.test'])
      const queued = await db
        .selectFrom('mail_outbox')
        .select(['kind', 'ref_id', 'to_address'])
        .where('kind', 'in', ['invitation', 'password_reset'])
        .execute()
      const sent = queued.map((m) => `${m.kind}:${m.to_address}`).sort()
      assert.deepEqual(sent, ['invitation:carol@corp.test', 'password_reset:sso-only@corp.test'])
      assert.equal(queued.find((m) => m.kind === 'invitation')?.ref_id, invitedId)
      void ssoOnlyId

      // Closed: the Admin API's SSO routes, the SAML endpoints, and SSO at the email step.
      for (const path of ['/sso-profiles', '/enforcement', `/sso-profiles/${profileId}`]) {
        const answer = await f.api(f.a.token, 'GET', `${orgA()}${path}`)
        assert.equal(answer.status, 403, path)
        assert.equal(errorOf(answer), 'org.feature_disabled', path)
      }
      assert.equal((await f.api(f.a.token, 'GET', `${orgA()}/users`)).status, 200)
      const metadata = await fetch(`${f.url}/saml/${profileId}/metadata`)
      assert.equal(metadata.status, 404)
      const passwordPage = await emailStep('alice@corp.test')
      assert.match(passwordPage.body, /name="password"/)
      assert.doesNotMatch(passwordPage.body, /single sign-on/i)
    })

    it('scim and import left out close their routes and the SCIM endpoint; putting them back opens them', async () => {
      const { secret: scimToken } = await f.server.app.services.scimTokens.create(
        f.a.orgId,
        'idp',
        CLI,
      )
      const scim = () =>
        fetch(`${f.url}/scim/v2/${f.a.orgId}/Users`, {
          headers: { authorization: `Bearer ${scimToken}` },
        })
      assert.equal((await scim()).status, 200)
      const patched = await f.op('PATCH', `/orgs/${f.a.orgId}`, { features: [] })
      assert.equal(patched.status, 200)
      const scimAnswer = await scim()
      assert.equal(scimAnswer.status, 403)
      assert.equal(((await scimAnswer.json()) as { code: string }).code, 'org.feature_disabled')
      for (const [method, path] of [
        ['GET', '/scim-tokens'],
        ['GET', '/groups'],
        ['GET', '/users/import'],
        ['POST', '/users/adopt?dryRun=true'],
      ] as const) {
        const answer = await f.api(
          f.a.token,
          method,
          `${orgA()}${path}`,
          method === 'POST' ? {} : undefined,
        )
        assert.equal(answer.status, 403, path)
        assert.equal(errorOf(answer), 'org.feature_disabled', path)
      }
      // Another organization's plan is its own.
      assert.equal(
        (await f.api(f.b.token, 'GET', `/api/v1/orgs/${f.b.orgId}/scim-tokens`)).status,
        200,
      )
      const signedIn = await f.signIn(f.a.ownerEmail)
      const session = await f.sessionApi(signedIn, 'GET', '/api/v1/session')
      assert.deepEqual(session.json['features'], [])
      assert.equal(session.json['organizationName'], 'OrgA')

      await f.op('PATCH', `/orgs/${f.a.orgId}`, { features: ['sso', 'scim', 'import'] })
      assert.equal((await scim()).status, 200)
      assert.equal((await f.api(f.a.token, 'GET', `${orgA()}/users/import`)).status, 200)
      assert.equal((await f.api(f.a.token, 'GET', `${orgA()}/sso-profiles`)).status, 200)
    })
  })
}
