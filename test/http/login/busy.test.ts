/**
 * Password checks beyond what the process runs at once queue, and beyond the queue a sign-in is answered
 * at once with login.busy (503, Retry-After) instead of timing out (issue 12).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { User } from '../../../src/users/user.ts'
import { reasonCode } from '../../helpers/browser.ts'
import {
  PASSWORD,
  discover,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

const BURST = 20

describe('sqlite: a burst of password sign-ins', () => {
  let f: LoginFixture
  before(async () => {
    f = await setupLogin('sqlite', undefined, { PASSWORD_CONCURRENCY: '1', PASSWORD_QUEUE: '2' })
  })
  after(() => f.close())

  it('queues up to the limit and answers the rest with login.busy at once', async () => {
    const config = await discover(f)
    const users: User[] = []
    // Twenty at once: on a loaded machine ten could reach the gate one by one, none waiting.
    for (let i = 0; i < BURST; i++) users.push(await f.addUser({ password: PASSWORD }))
    const logins = await Promise.all(users.map(() => startLogin(config)))
    const passwordPages = await Promise.all(
      logins.map((login, i) =>
        login.browser.submit(login.emailPage, '/login/email', { email: users[i]?.email ?? '' }),
      ),
    )
    const results = await Promise.all(
      logins.map((login, i) =>
        login.browser.submit(passwordPages[i] ?? login.emailPage, '/login/password', {
          password: PASSWORD,
        }),
      ),
    )
    const ok = results.filter((r) => r.status === 303)
    const busy = results.filter((r) => r.status === 503)
    assert.ok(ok.length >= 3, `${ok.length} signed in`)
    assert.ok(busy.length >= 1, 'some were told to come back')
    assert.equal(ok.length + busy.length, BURST)
    for (const page of busy) {
      assert.equal(reasonCode(page.body), 'login.busy')
      assert.equal(page.headers.get('retry-after'), '1')
    }
    // Once the burst is over, everyone gets in.
    const again = await signIn(await startLogin(config), users[0]?.email ?? '', PASSWORD)
    assert.equal(again.status, 303)
  })
})
