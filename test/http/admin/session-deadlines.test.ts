/**
 * Session deadlines under an organization's settings (issue 21 items 11 and 12): a session used at least
 * once per idle timeout never ends, even with the shortest idle timeout allowed; and a session that has
 * ended — by its lifetime or its idle timeout — stays ended when the setting is relaxed afterwards,
 * whether or not anyone used it in between.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { setupAdmin, type AdminFixture, type SignedIn } from './admin.setup.ts'

const SECOND = 1000

for (const dialect of DIALECTS) {
  describe(`${dialect}: session deadlines and settings`, () => {
    let f: AdminFixture
    const clock = new ManualClock(Date.now())
    const settings = () => `/api/v1/orgs/${f.a.orgId}/settings`
    const me = async (who: SignedIn) =>
      (await f.sessionApi(who, 'GET', '/api/v1/session', undefined, { csrf: false })).status
    const set = async (patch: Record<string, number | null>) => {
      const answer = await f.api(f.a.token, 'PATCH', settings(), patch)
      assert.equal(answer.status, 200, JSON.stringify(answer.json))
    }

    before(async () => {
      f = await setupAdmin(dialect, { clock })
    })
    after(() => f?.close())

    it('never ends a session used at least once per idle timeout (60 s, the shortest allowed)', async () => {
      await set({ sessionIdleTimeoutSeconds: 60 })
      const who = await f.signIn(f.a.ownerEmail)
      // The case: used 35 s after sign-in, then 40 s later — never 60 s unused.
      for (const gap of [35, 40, 59, 1, 59, 3, 58, 59, 59]) {
        clock.advance(gap * SECOND)
        assert.equal(await me(who), 200, `used again after ${gap} s`)
      }
      clock.advance(70 * SECOND)
      assert.equal(await me(who), 401, 'left alone longer than the idle timeout and its grace')
      await set({ sessionIdleTimeoutSeconds: null })
    })

    it('keeps a session ended by a 300 s lifetime ended after the lifetime is relaxed', async () => {
      await set({ sessionLifetimeSeconds: 300 })
      const unused = await f.signIn(f.a.ownerEmail)
      const seen = await f.signIn(f.a.ownerEmail)
      assert.equal(await me(seen), 200)
      clock.advance(301 * SECOND)
      assert.equal(await me(seen), 401, 'past its lifetime, seen while ended')
      await set({ sessionLifetimeSeconds: null })
      assert.equal(await me(seen), 401, 'stays ended')
      assert.equal(await me(unused), 401, 'stays ended though nobody used it while it was ended')
      const fresh = await f.signIn(f.a.ownerEmail)
      clock.advance(301 * SECOND)
      assert.equal(await me(fresh), 200, 'the positive control: the deployment’s lifetime applies')
    })

    it('keeps a session ended by a 60 s idle timeout ended after the timeout is relaxed', async () => {
      await set({ sessionIdleTimeoutSeconds: 60 })
      const unused = await f.signIn(f.a.ownerEmail)
      const seen = await f.signIn(f.a.ownerEmail)
      clock.advance(120 * SECOND)
      assert.equal(await me(seen), 401)
      await set({ sessionIdleTimeoutSeconds: null })
      assert.equal(await me(seen), 401, 'stays ended')
      assert.equal(await me(unused), 401, 'stays ended though nobody used it while it was ended')
      const ended = await f.server.app.database.db
        .selectFrom('sessions')
        .select(['revoked_at'])
        .where('user_id', '=', f.a.ownerId)
        .where('revoked_at', 'is', null)
        .execute()
      assert.deepEqual(ended, [], 'every ended session is recorded as ended')
    })
  })
}
