/**
 * Suspension and deletion of an organization by the operator (issue 23), on both engines: a suspended
 * organization's users prove their password and get a clear page instead of a session; its existing
 * session's next authorize — on another instance — finds no session; tokens issued before stop working;
 * its SCIM answers 403 and its Admin API tokens 403; resuming restores sign-in. Deleting needs a
 * suspension first and then removes every row of the organization, in every table that has one.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { DIALECTS } from '../../helpers/databases.ts'
import { KEPT_AFTER_DELETION } from '../../../src/storage/repositories/organization-repository.ts'
import { reasonCode } from '../../helpers/browser.ts'
import {
  CALLBACK,
  PASSWORD,
  discover,
  redeem,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from '../login/login.setup.ts'

const CLI = { type: 'operator', id: 'cli' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: operator API suspension and deletion`, () => {
    let f: LoginFixture
    let operator: string
    let adminToken: string
    let scimToken: string
    const op = async (method: string, path: string) => {
      const response = await fetch(`${f.url}/api/v1/operator${path}`, {
        method,
        headers: { authorization: `Bearer ${operator}` },
      })
      return { status: response.status, json: (await response.json()) as Record<string, any> }
    }
    const bearer = async (token: string, url: string) =>
      (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status

    before(async () => {
      f = await setupLogin(dialect)
      const services = f.server.app.services
      operator = (await services.operatorTokens.create('console', undefined, CLI)).secret
      adminToken = (await services.apiTokens.create(f.orgId, 'ci', CLI)).secret
      scimToken = (await services.scimTokens.create(f.orgId, 'idp', CLI)).secret
    })
    after(() => f.close())

    it('suspends: sign-in, the session, codes, tokens, SCIM and the Admin API all stop, on every instance', async () => {
      const config = await discover(f)
      const login = await startLogin(config)
      const done = await signIn(login, f.owner.email, PASSWORD)
      assert.equal(done.status, 303)
      const tokens = await redeem(config, login, done.headers.get('location') ?? '')
      const userinfo = () => bearer(tokens.access_token, `${f.url}/oauth2/userinfo`)
      assert.equal(await userinfo(), 200)
      const scim = () => bearer(scimToken, `${f.url}/scim/v2/${f.orgId}/Users`)
      const admin = () => bearer(adminToken, `${f.url}/api/v1/orgs/${f.orgId}/users`)
      assert.equal(await scim(), 200)
      assert.equal(await admin(), 200)

      const suspended = await op('POST', `/orgs/${f.orgId}/suspend`)
      assert.equal(suspended.status, 200)
      assert.equal(suspended.json['organization'].status, 'suspended')

      // The same browser's session, on another instance: no session, the login page again.
      const other = await f.startAnother()
      const again = await startLogin(await client(other.url, f.clientId), login.browser)
      assert.match(again.emailPage.body, /name="email"/)
      assert.equal(await userinfo(), 401)
      const scimAnswer = await fetch(`${f.url}/scim/v2/${f.orgId}/Users`, {
        headers: { authorization: `Bearer ${scimToken}` },
      })
      assert.equal(scimAnswer.status, 403)
      assert.equal(((await scimAnswer.json()) as { code: string }).code, 'org.suspended')
      assert.equal(await admin(), 403)

      // A password that is right still gives no session: a page that says why.
      const refused = await signIn(await startLogin(config), f.owner.email, PASSWORD)
      assert.equal(refused.status, 403)
      assert.equal(reasonCode(refused.body), 'login.organization_suspended')
      const sessions = await f.server.app.database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('org_id', '=', f.orgId)
        .where('revoked_at', 'is', null)
        .execute()
      assert.deepEqual(sessions, [], 'every session ended at suspension')

      const resumed = await op('POST', `/orgs/${f.orgId}/resume`)
      assert.equal(resumed.json['organization'].status, 'active')
      const back = await signIn(await startLogin(config), f.owner.email, PASSWORD)
      assert.equal(back.status, 303)
      assert.ok(back.headers.get('location')?.startsWith(CALLBACK))
      assert.equal(await scim(), 200)
      assert.equal(await admin(), 200)
    })

    it('deletes only after suspension, every row of the organization in every table, and audits it', async () => {
      const services = f.server.app.services
      const { organizationId: orgId, inviteUrl } = await services.orgs.createOrganization(
        { name: 'Doomed', adminEmail: 'owner@doomed.test' },
        CLI,
      )
      await services.invitations.accept(
        decodeURIComponent(inviteUrl.split('/invite/')[1] ?? ''),
        PASSWORD,
        PASSWORD,
        { ip: '127.0.0.1', userAgent: null },
      )
      await services.apiTokens.create(orgId, 'ci', CLI)
      await services.scimTokens.create(orgId, 'idp', CLI)
      await services.invitations.inviteUser(
        orgId,
        { email: 'bob@doomed.test', role: 'member' },
        CLI,
      )
      await services.setupLinks.create(orgId, { intent: 'users' }, CLI)
      const db = f.server.app.database.db
      const keep = await rowsOf(f, f.orgId)

      const early = await op('DELETE', `/orgs/${orgId}`)
      assert.equal(early.status, 409)
      assert.equal(early.json['error'].code, 'org.not_suspended')
      assert.ok((await rowsOf(f, orgId)) > 5)

      assert.equal((await op('POST', `/orgs/${orgId}/suspend`)).status, 200)
      // A suspended organization's people get no session from an emailed link either.
      const owner = await services.users.findUserByEmail(orgId, 'owner@doomed.test')
      assert.equal(
        await services.login.signInAfterEmailedLink(
          owner,
          'password_reset',
          { ip: '127.0.0.1', userAgent: null },
          { sessionSecret: undefined, deviceSecret: undefined },
        ),
        undefined,
      )
      const deleted = await op('DELETE', `/orgs/${orgId}`)
      assert.equal(deleted.status, 200, JSON.stringify(deleted.json))
      assert.equal(deleted.json['rows'].organizations, 1)
      assert.equal(deleted.json['rows'].users, 2)
      assert.equal(await rowsOf(f, orgId), 0, 'no table holds a row of the organization')
      assert.equal(await rowsOf(f, f.orgId), keep, 'the other organization is untouched')
      const event = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('type', '=', 'org.deleted')
        .where('target_id', '=', orgId)
        .executeTakeFirstOrThrow()
      assert.equal(event.org_id, null)
      assert.equal(event.actor_type, 'operator_token')
      assert.equal((await op('GET', `/orgs/${orgId}`)).status, 404)
    })
  })
}

/**
 * Rows of `orgId` in every table with an `org_id` column, found from the schema itself — but the event
 * log, which outlives the organization until its retention ends.
 */
async function rowsOf(f: LoginFixture, orgId: string): Promise<number> {
  const db = f.server.app.database.db
  const tables = await db.introspection.getTables()
  let total = 0
  for (const table of tables) {
    if (!table.columns.some((c) => c.name === 'org_id')) continue
    if ((KEPT_AFTER_DELETION as readonly string[]).includes(table.name)) continue
    const row = await sql<{
      n: number | string
    }>`select count(*) as n from ${sql.table(table.name)} where org_id = ${orgId}`.execute(db)
    total += Number(row.rows[0]?.n ?? 0)
  }
  const org = await db.selectFrom('organizations').select('id').where('id', '=', orgId).execute()
  return total + org.length
}

async function client(url: string, clientId: string) {
  const openid = await import('openid-client')
  return openid.discovery(new URL(url), clientId, undefined, openid.None(), {
    execute: [openid.allowInsecureRequests],
  })
}
