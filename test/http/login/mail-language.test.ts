/**
 * Mail in the recipient's language (issue 27), through the real pages and a real SMTP server on both
 * databases: a person's language is the one their sign-in's pages spoke (the client's ui_locales, else
 * the browser's); until it is known, the organization's; each mail has a plain-text and an HTML part.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type * as client from 'openid-client'
import { Browser } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import {
  PASSWORD,
  discover,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

for (const engine of DIALECTS) {
  describe(`${engine}: mail in the recipient's language`, () => {
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

    const setLanguage = async (language: string | null) => {
      const { settings } = f.server.app.services
      await settings.update(f.orgId, { language }, { type: 'operator', id: 'test' })
    }
    /** Asks for a reset link for `email` and returns the mail that arrives, decoded from quoted-printable. */
    const resetMail = async (email: string) => {
      const before = smtp.received.length
      await f.server.app.services.resets.request(email, {
        ip: '127.0.0.1',
        userAgent: 'test',
      })
      await f.server.app.services.outbox.drain()
      const mail = smtp.received.slice(before).find((m) => m.to.includes(email))
      assert.ok(mail, `a mail to ${email}`)
      return mail.body.replace(/=\r?\n/g, '')
    }
    const localeOf = async (email: string) =>
      (
        await f.server.app.database.db
          .selectFrom('users')
          .select('locale')
          .where('email_canonical', '=', email.toLowerCase())
          .executeTakeFirstOrThrow()
      ).locale

    it('writes in the organization’s language until the person’s is known, with a text and an HTML part', async () => {
      const user = await f.addUser({ password: PASSWORD })
      await setLanguage('de')
      const german = await resetMail(user.email)
      assert.match(german, /multipart\/alternative/)
      assert.match(german, /Content-Type: text\/plain/i)
      assert.match(german, /Content-Type: text\/html/i)
      assert.match(german, /Jemand hat darum gebeten, das Passwort von/)
      assert.match(german, /<html lang=3D"de">|<html lang="de">/)
      await setLanguage(null)
      const english = await resetMail(user.email)
      assert.match(english, /Someone asked to reset the password of/)
      assert.doesNotMatch(english, /Jemand hat/)
    })

    it('remembers the language of a sign-in’s pages and writes in it, whatever the organization chose', async () => {
      const user = await f.addUser({ password: PASSWORD })
      assert.equal(await localeOf(user.email), null)
      // The browser prefers German: the pages speak it, and so will the person's mail.
      const german = new Browser('portcullis-test-browser', { 'accept-language': 'de-DE,de;q=0.9' })
      const signedIn = await signIn(await startLogin(config, german), user.email, PASSWORD)
      assert.equal(signedIn.status, 303)
      assert.equal(await localeOf(user.email), 'de')
      await setLanguage('en')
      assert.match(await resetMail(user.email), /Jemand hat darum gebeten/)
      // The client's ui_locales wins over the browser's, as on the pages.
      const again = new Browser('portcullis-test-browser', { 'accept-language': 'de-DE,de;q=0.9' })
      const english = await startLogin(config, again, { ui_locales: 'en' })
      assert.equal((await signIn(english, user.email, PASSWORD)).status, 303)
      assert.equal(await localeOf(user.email), 'en')
      assert.match(await resetMail(user.email), /Someone asked to reset the password of/)
      await setLanguage(null)
    })
  })
}
