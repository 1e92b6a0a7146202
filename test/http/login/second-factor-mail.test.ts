/**
 * Two-factor sign-in tells the user (issue 25): a recovery code used to sign in, and an admin's reset
 * of their factors, each reach the user's own address through the outbox — real SMTP, both engines.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import {
  discover,
  outcome,
  PASSWORD,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

const ADMIN = { type: 'admin_token', id: 'helpdesk' } as const

for (const engine of DIALECTS) {
  describe(`${engine}: two-factor mail`, () => {
    let f: LoginFixture
    let config: client.Configuration
    const smtp = new TestSMTPServer()
    before(async () => {
      f = await setupLogin(engine, undefined, {
        SMTP_URL: await smtp.start(),
        MAIL_FROM: 'login@example.test',
        JOB_POLL_SECONDS: '0',
      })
      config = await discover(f)
    })
    after(async () => {
      await f.close()
      await smtp.stop()
    })
    const mailsTo = (email: string) =>
      smtp.received.filter((m) => m.to.includes(email)).map((m) => m.body.replace(/=\r?\n/g, ''))

    it('mails the user when a recovery code signs them in, and when an admin resets them', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const { factors } = f.server.app.services
      const app = await factors.startTotp(user.orgId, user.id, 'Phone')
      // Confirmed straight in storage: this test is about mail, not enrolment.
      await f.server.app.database.db
        .updateTable('second_factors')
        .set({ confirmed_at: f.clock.now() })
        .where('id', '=', app.factor.id)
        .execute()
      const codes = await factors.regenerateRecoveryCodes(user.orgId, user.id, ADMIN)
      const login = await startLogin(config)
      const step = await signIn(login, user.email, PASSWORD)
      const done = await login.browser.submit(step, '/login/second-factor', {
        recoveryCode: codes[0] ?? '',
      })
      assert.equal(outcome(done), 'signed-in')
      await factors.reset(user.orgId, user.id, ADMIN)
      await f.server.app.services.outbox.drain()
      const mails = mailsTo(user.email)
      assert.equal(mails.length, 2)
      assert.match(mails[0] ?? '', /recovery code was just used[\s\S]*You have 9 left/)
      assert.match(mails[1] ?? '', /An administrator removed/)
      assert.ok(!mails.join().includes(codes[1] ?? '-'), 'no code in any mail')
    })
  })
}
