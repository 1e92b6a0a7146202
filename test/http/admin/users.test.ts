/** Admin API users: authentication, tenant isolation, validation, pagination, on both databases. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { OPERATOR_CLI } from '../../../src/audit/audit-event.ts'
import { countRows } from '../../helpers/storage.ts'
import { errorCode, setupAdmin, type AdminFixture } from './admin.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API users`, () => {
    let f: AdminFixture
    before(async () => {
      f = await setupAdmin(dialect)
    })
    after(() => f.close())
    const users = (org: { orgId: string }) => `/api/v1/orgs/${org.orgId}/users`

    it('creates an invited user and returns the invitation link once', async () => {
      const { status, json } = await f.api(f.a.token, 'POST', users(f.a), {
        email: 'Ada@OrgA.test',
        givenName: 'Ada',
        role: 'admin',
      })
      assert.equal(status, 201, JSON.stringify(json))
      const user = json['user'] as Record<string, unknown>
      assert.equal(user['email'], 'Ada@OrgA.test')
      assert.equal(user['status'], 'invited')
      assert.equal(user['role'], 'admin')
      assert.equal(user['passwordHash'], undefined)
      assert.match(String(json['inviteUrl']), /\/invite\/inv_/)
      const read = await f.api(f.a.token, 'GET', `${users(f.a)}/${user['id']}`)
      assert.equal(read.status, 200)
      assert.equal(read.json['inviteUrl'], undefined)
      assert.equal(read.json['givenName'], 'Ada')
    })

    it('lists with a cursor, a search and filters', async () => {
      for (let i = 0; i < 5; i++) {
        await f.api(f.a.token, 'POST', users(f.a), { email: `page${i}@orga.test` })
      }
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`
        const { status, json } = await f.api(f.a.token, 'GET', `${users(f.a)}${query}`)
        assert.equal(status, 200, JSON.stringify(json))
        seen.push(...(json['users'] as { email: string }[]).map((u) => u.email))
        cursor = json['nextCursor'] as string | null
      } while (cursor !== null)
      assert.equal(new Set(seen).size, seen.length, 'no user twice')
      // The total counts every page, and follows the filters (issue 27).
      const all = await f.api(f.a.token, 'GET', `${users(f.a)}?limit=2`)
      assert.equal(all.json['total'], seen.length)
      const matching = await f.api(f.a.token, 'GET', `${users(f.a)}?q=page&limit=2`)
      assert.equal(matching.json['total'], 5)
      assert.equal((await f.api(f.a.token, 'GET', `${users(f.a)}?q=%25`)).json['total'], 0)
      assert.ok(seen.includes('page4@orga.test') && seen.includes('owner@orga.test'))
      const search = await f.api(f.a.token, 'GET', `${users(f.a)}?q=PAGE3`)
      assert.deepEqual(
        (search.json['users'] as { email: string }[]).map((u) => u.email),
        ['page3@orga.test'],
      )
      const wildcard = await f.api(f.a.token, 'GET', `${users(f.a)}?q=%25`)
      assert.deepEqual(wildcard.json['users'], [])
      const owners = await f.api(f.a.token, 'GET', `${users(f.a)}?role=owner`)
      assert.deepEqual(
        (owners.json['users'] as { id: string }[]).map((u) => u.id),
        [f.a.ownerId],
      )
      const page0 = (
        (await f.api(f.a.token, 'GET', `${users(f.a)}?q=page0`)).json['users'] as { id: string }[]
      )[0]?.id
      await f.api(f.a.token, 'PUT', `${users(f.a)}/${page0}/sso`, {
        mode: 'disabled',
        confirm: true,
      })
      const disabled = await f.api(f.a.token, 'GET', `${users(f.a)}?sso=disabled`)
      assert.deepEqual(
        (disabled.json['users'] as { id: string }[]).map((u) => u.id),
        [page0],
      )
    })

    describe('tenant isolation', () => {
      it("answers 404 for org A's users with org B's token, and changes nothing", async () => {
        const before = await countRows(f.server.app.database)
        assert.equal(errorCode((await f.api(f.b.token, 'GET', users(f.a))).json), 'org.not_found')
        const read = await f.api(f.b.token, 'GET', `${users(f.a)}/${f.a.ownerId}`)
        assert.equal(read.status, 404)
        const create = await f.api(f.b.token, 'POST', users(f.a), { email: 'x@orga.test' })
        assert.equal(create.status, 404)
        assert.deepEqual(await countRows(f.server.app.database), before)
      })

      it("does not find org A's user through org B's own path", async () => {
        const read = await f.api(f.b.token, 'GET', `${users(f.b)}/${f.a.ownerId}`)
        assert.equal(read.status, 404)
        assert.equal(errorCode(read.json), 'user.not_found')
      })
    })

    describe('authentication', () => {
      it('401 without a token, with a malformed one, and with a revoked one', async () => {
        assert.equal(
          errorCode((await f.api(undefined, 'GET', users(f.a))).json),
          'auth.unauthenticated',
        )
        assert.equal((await f.api('pcat_nope', 'GET', users(f.a))).status, 401)
        const tokens = f.server.app.services.apiTokens
        const made = await tokens.create(f.a.orgId, 'temp', OPERATOR_CLI)
        const token = made.secret
        assert.equal((await f.api(token, 'GET', users(f.a))).status, 200)
        await tokens.revoke(f.a.orgId, made.token.id, OPERATOR_CLI)
        assert.equal((await f.api(token, 'GET', users(f.a))).status, 401)
      })
    })

    describe('bad input writes nothing', () => {
      const cases: ReadonlyArray<readonly [string, unknown, number, string]> = [
        ['malformed JSON', '{"email": ', 400, 'request.malformed_json'],
        ['a wrong type', { email: 42 }, 400, 'request.invalid'],
        ['an unknown field', { email: 'u@orga.test', isAdmin: true }, 400, 'request.invalid'],
        ['the owner role', { email: 'u@orga.test', role: 'owner' }, 400, 'request.invalid'],
        ['an invalid email', { email: 'not an email' }, 400, 'user.invalid_email'],
        ['a taken email', { email: 'OWNER@orga.test' }, 409, 'user.email_taken'],
        [
          'an oversize body',
          { email: 'u@orga.test', displayName: 'x'.repeat(2 * 1024 * 1024) },
          413,
          'request.too_large',
        ],
      ]
      for (const [what, body, status, code] of cases) {
        it(`${what} → ${status} ${code}`, async () => {
          const before = await countRows(f.server.app.database)
          const response = await f.api(f.a.token, 'POST', users(f.a), body)
          assert.equal(response.status, status, JSON.stringify(response.json))
          assert.equal(errorCode(response.json), code)
          assert.deepEqual(await countRows(f.server.app.database), before)
        })
      }

      it('a wrong content type → 415', async () => {
        const response = await f.api(f.a.token, 'POST', users(f.a), 'email=x', {
          'content-type': 'text/plain',
        })
        assert.equal(response.status, 415)
      })

      it('unknown query parameters and a forged cursor → 400', async () => {
        assert.equal(
          errorCode((await f.api(f.a.token, 'GET', `${users(f.a)}?sort=x`)).json),
          'request.invalid',
        )
        assert.equal(
          errorCode((await f.api(f.a.token, 'GET', `${users(f.a)}?cursor=abc`)).json),
          'request.invalid',
        )
        assert.equal(
          errorCode((await f.api(f.a.token, 'GET', `${users(f.a)}?limit=1000`)).json),
          'request.invalid',
        )
      })
    })
  })
}
