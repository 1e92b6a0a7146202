/**
 * The scope `organization` (issue 23) on both engines: the ID token and userinfo carry `org_id`,
 * `org_name` and the user's `org_role`; discovery lists the scope and the claims; a role change shows at
 * the next token; without the scope the claims stay out.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  PASSWORD,
  discover,
  redeem,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: OIDC scope organization`, () => {
    let f: LoginFixture
    before(async () => {
      f = await setupLogin(dialect)
    })
    after(() => f.close())

    const tokensFor = async (email: string, scope: string) => {
      const config = await discover(f)
      const login = await startLogin(config, undefined, { scope })
      const done = await signIn(login, email, PASSWORD)
      assert.equal(done.status, 303, done.body)
      const tokens = await redeem(config, login, done.headers.get('location') ?? '')
      const userinfo = await client.fetchUserInfo(
        config,
        tokens.access_token,
        tokens.claims()?.sub ?? '',
      )
      const claims: Record<string, unknown> = { ...tokens.claims() }
      return { claims, userinfo: userinfo as Record<string, unknown> }
    }

    it('is in discovery with its claims', async () => {
      const document = (await (
        await fetch(`${f.url}/.well-known/openid-configuration`)
      ).json()) as {
        scopes_supported: string[]
        claims_supported: string[]
      }
      assert.ok(document.scopes_supported.includes('organization'))
      for (const claim of ['org_id', 'org_name', 'org_role']) {
        assert.ok(document.claims_supported.includes(claim), claim)
      }
    })

    it('carries org_name and org_role in the ID token and userinfo; a role change shows at the next token', async () => {
      const member = await f.addUser({ role: 'member', password: PASSWORD })
      const first = await tokensFor(member.email, 'openid email organization')
      for (const claims of [first.claims, first.userinfo]) {
        assert.equal(claims['org_id'], f.orgId)
        assert.equal(claims['org_name'], 'Acme')
        assert.equal(claims['org_role'], 'member')
      }
      await f.server.app.database.db
        .updateTable('users')
        .set({ role: 'admin' })
        .where('id', '=', member.id)
        .execute()
      await f.server.app.database.db
        .updateTable('organizations')
        .set({ name: 'Acme Ltd' })
        .execute()
      const second = await tokensFor(member.email, 'openid organization')
      assert.equal(second.claims['org_role'], 'admin')
      assert.equal(second.userinfo['org_role'], 'admin')
      assert.equal(second.claims['org_name'], 'Acme Ltd')
    })

    it('leaves them out without the scope (org_id stays, as SPEC §7 has it)', async () => {
      const plain = await tokensFor(f.owner.email, 'openid email')
      assert.equal(plain.claims['org_id'], f.orgId)
      assert.equal(plain.claims['org_name'], undefined)
      assert.equal(plain.claims['org_role'], undefined)
      assert.equal(plain.userinfo['org_role'], undefined)
    })
  })
}
