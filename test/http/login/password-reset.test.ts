/**
 * Forgotten passwords (issue 10), through the real pages, a real SMTP server on loopback and both
 * databases: the same answer for every address, the mail decided when it is sent, a single-use link that
 * expires, sets the password and ends every session, and throttling like logins.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type * as client from 'openid-client'
import { Browser, reasonCode, type PageResponse } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import {
  CALLBACK,
  PASSWORD,
  countSessions,
  discover,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

const NEW_PASSWORD = 'a brand new passphrase here'

for (const engine of DIALECTS) {
  describe(`${engine}: forgotten passwords`, () => {
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

    /** Asks for a link from the password page's "Forgot your password?" for `email`. */
    const ask = async (email: string, browser = new Browser()): Promise<PageResponse> => {
      const login = await startLogin(config, browser)
      const passwordPage = await browser.submit(login.emailPage, '/login/email', { email })
      const link = /href="(\/login\/forgot\?tx=[^"]+)"/.exec(passwordPage.body)?.[1]
      assert.ok(link !== undefined, 'the password page offers a reset')
      const form = await browser.follow(`${f.url}${link.replace(/&amp;/g, '&')}`)
      return browser.submit(form, '/login/forgot', { email })
    }
    const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email))
    const body = (mail: { body: string }) => mail.body.replace(/=\r?\n/g, '')
    const drain = () => f.server.app.services.outbox.drain()
    const linkIn = (mail: { body: string }) => /\/reset\/(rst_[\w-]+)/.exec(body(mail))?.[1]
    const normalized = (page: PageResponse) =>
      page.body.replace(/name="(csrf|tx)" value="[^"]*"/g, '').replace(/tx=[^"]+"/g, '')

    it('answers the same for every kind of address, and mails only what fits each', async () => {
      const active = await f.addUser({ password: PASSWORD })
      const ssoOnly = await f.addUser({ password: PASSWORD, ssoOverride: 'enabled' })
      const invited = await f.addUser({ status: 'invited' })
      const deactivated = await f.addUser({ password: PASSWORD, status: 'deactivated' })
      const unknown = `nobody@${f.domain}`
      const pages = []
      for (const email of [
        active.email,
        ssoOnly.email,
        invited.email,
        deactivated.email,
        unknown,
      ]) {
        const page = await ask(email)
        assert.equal(page.status, 200)
        assert.match(page.body, /Check your mail/)
        pages.push(normalized(page))
      }
      assert.equal(new Set(pages).size, 1, 'byte-identical answers')
      const queued = await f.server.app.database.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('kind', '=', 'password_reset')
        .execute()
      assert.equal(queued.length, 5, 'the same work for every address')
      assert.ok(
        queued.every((m) => m.body === ''),
        'no link at rest',
      )
      await drain()
      assert.ok(linkIn(mailsTo(active.email)[0] ?? { body: '' }) !== undefined)
      assert.match(body(mailsTo(ssoOnly.email)[0] ?? { body: '' }), /single sign-on/)
      assert.equal(linkIn(mailsTo(ssoOnly.email)[0] ?? { body: '' }), undefined)
      assert.match(body(mailsTo(invited.email)[0] ?? { body: '' }), /not been activated/)
      assert.deepEqual(mailsTo(deactivated.email), [])
      assert.deepEqual(mailsTo(unknown), [])
    })

    it('sets the password with the link once, ends every session, and the new password works', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const signedIn = await startLogin(config)
      assert.equal((await signIn(signedIn, user.email, PASSWORD)).status, 303)
      const sessionsBefore = await countSessions(f)
      const liveSessions = () =>
        f.server.app.database.db
          .selectFrom('sessions')
          .select('id_hash')
          .where('user_id', '=', user.id)
          .where('revoked_at', 'is', null)
          .execute()
      const before = (await liveSessions()).map((s) => s.id_hash)
      await ask(user.email)
      await drain()
      const token = linkIn(mailsTo(user.email).at(-1) ?? { body: '' })
      assert.ok(token !== undefined)
      const browser = new Browser()
      const form = await browser.follow(`${f.url}/reset/${token}`)
      assert.equal(form.status, 200)
      const done = await browser.submit(form, `/reset/${token}`, {
        password: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      })
      assert.equal(done.status, 200, done.body)
      assert.match(done.body, /password is changed/)
      // Every earlier session ended; the browser that reset it is signed in anew (issue 27).
      const live = (await liveSessions()).map((s) => s.id_hash)
      assert.equal(live.length, 1)
      assert.ok(!before.includes(live[0] ?? ''), 'every earlier session of the user ended')
      assert.match(done.body, /signed in here with the new password/)
      assert.ok(sessionsBefore > 0)
      const old = await signIn(await startLogin(config), user.email, PASSWORD)
      assert.equal(reasonCode(old.body), 'login.invalid_credentials')
      const fresh = await signIn(await startLogin(config), user.email, NEW_PASSWORD)
      assert.equal(fresh.status, 303)
      assert.ok(fresh.headers.get('location')?.startsWith(CALLBACK))
      const again = await new Browser().follow(`${f.url}/reset/${token}`)
      assert.equal(reasonCode(again.body), 'reset.invalid')
    })

    it('lets exactly one of N simultaneous uses of a link through', async () => {
      const user = await f.addUser({ password: PASSWORD })
      await ask(user.email)
      await drain()
      const token = linkIn(mailsTo(user.email).at(-1) ?? { body: '' })
      const browsers = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const browser = new Browser()
          return { browser, form: await browser.follow(`${f.url}/reset/${token}`) }
        }),
      )
      const results = await Promise.all(
        browsers.map(({ browser, form }) =>
          browser.submit(form, `/reset/${token}`, {
            password: NEW_PASSWORD,
            confirm: NEW_PASSWORD,
          }),
        ),
      )
      assert.equal(results.filter((r) => r.status === 200).length, 1)
      assert.ok(
        results
          .filter((r) => r.status !== 200)
          .every((r) => reasonCode(r.body) === 'reset.invalid'),
      )
    })

    it('kills a pending link when the user is deactivated: it does not work after reactivation', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const { secret } = await f.server.app.services.apiTokens.create(f.orgId, 'test', {
        type: 'operator',
        id: 'test',
      })
      const admin = (action: string) =>
        fetch(`${f.url}/api/v1/orgs/${f.orgId}/users/${user.id}/${action}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}` },
        })
      await ask(user.email)
      await drain()
      const token = linkIn(mailsTo(user.email).at(-1) ?? { body: '' })
      assert.ok(token !== undefined)
      assert.equal((await new Browser().follow(`${f.url}/reset/${token}`)).status, 200)
      assert.equal((await admin('deactivate')).status, 200)
      assert.equal((await admin('reactivate')).status, 200)
      const browser = new Browser()
      const form = await browser.follow(`${f.url}/reset/${token}`)
      assert.equal(reasonCode(form.body), 'reset.invalid')
      const used = await browser.request(`${f.url}/reset/${token}`, {
        form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      })
      assert.notEqual(used.status, 200)
      const old = await signIn(await startLogin(config), user.email, PASSWORD)
      assert.equal(old.status, 303, 'the password is the one from before')
    })

    it('expires a link after an hour and refuses a form without its CSRF cookie', async () => {
      const user = await f.addUser({ password: PASSWORD })
      await ask(user.email)
      await drain()
      const token = linkIn(mailsTo(user.email).at(-1) ?? { body: '' })
      const forged = await new Browser().request(`${f.url}/reset/${token}`, {
        form: { csrf: 'x', password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      })
      assert.equal(reasonCode(forged.body), 'login.csrf_failed')
      f.clock.advance(61 * 60_000)
      const late = await new Browser().follow(`${f.url}/reset/${token}`)
      assert.equal(reasonCode(late.body), 'reset.invalid')
    })

    it('throttles requests per address like logins, whatever the email', async () => {
      const browser = new Browser()
      const form = await browser.follow(`${f.url}/login/forgot`)
      const statuses: number[] = []
      for (let i = 0; i < 7; i++) {
        const page = await browser.submit(form, '/login/forgot', { email: `flood@${f.domain}` })
        statuses.push(page.status)
      }
      assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200])
      assert.equal(statuses[5], 429)
    })
  })
}
