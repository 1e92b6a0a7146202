/**
 * Who may call what, for every documented Admin API operation: members 403, other organizations 404,
 * no or revoked credentials 401, session changes without the CSRF header 403. On both databases.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { OPERATOR_CLI } from '../../../src/audit/audit-event.ts'
import { countRows } from '../../helpers/storage.ts'
import {
  documentedOperations,
  errorCode,
  setupAdmin,
  type AdminFixture,
  type SignedIn,
} from './admin.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API access control`, () => {
    let f: AdminFixture
    let member: SignedIn
    let memberId: string
    before(async () => {
      f = await setupAdmin(dialect)
      memberId = await f.addUser(f.a, 'member@orga.test', 'member')
      member = await f.signIn('member@orga.test')
    })
    after(() => f.close())

    it('covers at least the user operations', async () => {
      assert.ok((await documentedOperations(f, f.a.orgId, memberId)).length >= 9)
    })

    it('answers a member 403 on every operation, and changes nothing', async () => {
      const before = await countRows(f.server.app.database)
      for (const op of await documentedOperations(f, f.a.orgId, memberId)) {
        const result = await f.sessionApi(member, op.method, op.path, bodyFor(op.method))
        assert.equal(result.status, 403, `${op.method} ${op.path}: ${JSON.stringify(result.json)}`)
        assert.equal(errorCode(result.json), 'auth.forbidden')
      }
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it("answers org B's token 404 on every operation on org A, and changes nothing", async () => {
      const before = await countRows(f.server.app.database)
      for (const op of await documentedOperations(f, f.a.orgId, f.a.ownerId)) {
        const result = await f.api(f.b.token, op.method, op.path, bodyFor(op.method))
        assert.equal(result.status, 404, `${op.method} ${op.path}`)
        assert.equal(errorCode(result.json), 'org.not_found')
      }
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it("answers org B's owner session 404 on every operation on org A", async () => {
      const ownerB = await f.signIn(f.b.ownerEmail)
      for (const op of await documentedOperations(f, f.a.orgId, f.a.ownerId)) {
        const result = await f.sessionApi(ownerB, op.method, op.path, bodyFor(op.method))
        assert.equal(result.status, 404, `${op.method} ${op.path}`)
      }
    })

    it('answers 401 without credentials and with a revoked token, on every operation', async () => {
      const tokens = f.server.app.services.apiTokens
      const made = await tokens.create(f.a.orgId, 'to-revoke', OPERATOR_CLI)
      const token = made.secret
      await tokens.revoke(f.a.orgId, made.token.id, OPERATOR_CLI)
      for (const op of await documentedOperations(f, f.a.orgId, f.a.ownerId)) {
        for (const credential of [undefined, token, 'pcat_forged']) {
          const result = await f.api(credential, op.method, op.path, bodyFor(op.method))
          assert.equal(result.status, 401, `${op.method} ${op.path}`)
          assert.equal(errorCode(result.json), 'auth.unauthenticated')
        }
      }
    })

    it('refuses a session-authenticated change without the CSRF header, and accepts it with', async () => {
      const owner = await f.signIn(f.a.ownerEmail)
      const path = `/api/v1/orgs/${f.a.orgId}/users`
      const before = await countRows(f.server.app.database)
      const forged = await f.sessionApi(
        owner,
        'POST',
        path,
        { email: 'csrf@orga.test' },
        { csrf: false },
      )
      assert.equal(forged.status, 403)
      assert.equal(errorCode(forged.json), 'auth.csrf_failed')
      assert.deepEqual(await countRows(f.server.app.database), before)
      const wrong = await f.sessionApi({ ...owner, csrfToken: 'x'.repeat(64) }, 'POST', path, {
        email: 'csrf@orga.test',
      })
      assert.equal(errorCode(wrong.json), 'auth.csrf_failed')
      const good = await f.sessionApi(owner, 'POST', path, { email: 'csrf@orga.test' })
      assert.equal(good.status, 201, JSON.stringify(good.json))
      // Reading needs no CSRF header.
      assert.equal((await f.sessionApi(owner, 'GET', path, undefined, { csrf: false })).status, 200)
    })

    it('tells a signed-in user who they are, and nobody else', async () => {
      const info = await f.sessionApi(member, 'GET', '/api/v1/session', undefined, { csrf: false })
      assert.equal(info.status, 200)
      assert.equal((info.json['user'] as { id: string }).id, memberId)
      assert.equal(info.json['role'], 'member')
      assert.equal((await f.api(undefined, 'GET', '/api/v1/session')).status, 401)
      assert.equal((await f.api(f.a.token, 'GET', '/api/v1/session')).status, 401)
    })
  })
}

/** GET and DELETE carry no body; the others get an empty JSON object (authorization comes first). */
function bodyFor(method: string): unknown {
  return method === 'GET' || method === 'DELETE' ? undefined : {}
}
