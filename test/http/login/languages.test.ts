/**
 * The pages in the person's language, on every engine: German from Accept-Language, the client's
 * `ui_locales` kept with the login transaction (and winning over the browser), English otherwise; the
 * application and organization named; the operator's logo served safely; discovery lists the languages.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { authorizationRequest, discover, setupLogin, type LoginFixture } from './login.setup.ts'

const title = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1]
const lang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1]

for (const dialect of DIALECTS) {
  describe(`${dialect}: sign-in pages in the person's language`, () => {
    let f: LoginFixture
    before(async () => {
      f = await setupLogin(dialect)
      await f.addDomain(f.domain, { enforced: false })
    })
    after(() => f?.close())

    const emailPage = async (browser: Browser, extra: Record<string, string> = {}) => {
      const { url } = await authorizationRequest(await discover(f), extra)
      return browser.follow(url.href)
    }

    it('speaks German to a browser that prefers it, through the email and password steps', async () => {
      const browser = new Browser(undefined, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' })
      const email = await emailPage(browser)
      assert.equal(email.status, 200)
      assert.equal(lang(email.body), 'de')
      assert.equal(title(email.body), 'Anmelden · Portcullis')
      assert.match(email.body, /Bei Console anmelden/)
      assert.match(email.body, /E-Mail-Adresse/)
      const password = await browser.submit(email, '/login/email', { email: f.owner.email })
      assert.equal(title(password.body), 'Passwort eingeben · Portcullis')
      assert.match(password.body, /Organisation: Acme/)
      const refused = await browser.submit(password, '/login/password', { password: 'wrong one' })
      assert.equal(refused.status, 401)
      assert.match(refused.body, /E-Mail-Adresse oder Passwort ist falsch\./)
      assert.equal(reasonCode(refused.body), 'login.invalid_credentials')
    })

    it('speaks English by default and to browsers asking for a language it does not have', async () => {
      for (const headers of [{}, { 'accept-language': 'fr-FR,es;q=0.8' }] as Record<
        string,
        string
      >[]) {
        const email = await emailPage(new Browser(undefined, headers))
        assert.equal(lang(email.body), 'en')
        assert.equal(title(email.body), 'Sign in · Portcullis')
        assert.match(email.body, /Sign in to Console/)
        assert.doesNotMatch(email.body, /Organization:/)
      }
    })

    it('keeps the client’s ui_locales with the transaction, over the browser’s preference', async () => {
      const browser = new Browser(undefined, { 'accept-language': 'en-US' })
      const email = await emailPage(browser, { ui_locales: 'de-AT en' })
      assert.equal(lang(email.body), 'de')
      const password = await browser.submit(email, '/login/email', { email: f.owner.email })
      assert.equal(lang(password.body), 'de', 'a later step reads it from the stored transaction')
      const english = await emailPage(new Browser(undefined, { 'accept-language': 'de' }), {
        ui_locales: 'en',
      })
      assert.equal(lang(english.body), 'en')
    })

    it('shows an expired sign-in in German with its reason code, and lists the languages in discovery', async () => {
      const page = await new Browser(undefined, { 'accept-language': 'de' }).request(
        `${f.url}/login?tx=nope`,
      )
      assert.equal(page.status, 400)
      assert.match(page.body, /Dieser Anmeldeversuch ist abgelaufen\./)
      assert.equal(reasonCode(page.body), 'login.transaction_expired')
      const discovery = (await (
        await fetch(`${f.url}/.well-known/openid-configuration`)
      ).json()) as { ui_locales_supported: string[] }
      assert.deepEqual(discovery.ui_locales_supported, ['en', 'de'])
    })

    it('serves no logo when none is configured', async () => {
      assert.equal((await fetch(`${f.url}/assets/logo`)).status, 404)
      const email = await emailPage(new Browser())
      assert.doesNotMatch(email.body, /<img/)
      assert.match(email.body, /<p class="product">Portcullis<\/p>/)
    })
  })
}
