/**
 * An organization that requires a second factor (issue 25), end to end on both engines: a password user
 * without one sets up an authenticator app right after the password, in the same sign-in — the key is
 * read off the page and its codes computed by an independent library (otpauth) — sees ten recovery codes
 * once, and only then is the console given a code (`amr` pwd, otp, mfa). `requiredForAdmins` asks the
 * owner and admins only; `optional` asks nobody; the settings are validated and audited.
 */
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { isDeepStrictEqual } from 'node:util'
import { appFromPage } from '../../helpers/totp-page.ts'
import { Browser, readForm, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { loginBehindProxy, PASSWORD, redeem, signIn, startLogin } from './login.setup.ts'
import type { LoginFixture } from './login.setup.ts'

const ADMIN = { type: 'user', id: 'admin' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: a required second factor`, () => {
    const t = loginBehindProxy(dialect)
    const setPolicy = (f: LoginFixture, patch: Record<string, unknown>) =>
      f.server.app.services.settings.update(f.orgId, patch, ADMIN)
    afterEach(() => setPolicy(t.f, { passwordUserMfa: null, requiredForAdmins: null }))

    const atPassword = async (email: string) => {
      const login = await startLogin(
        t.config,
        new Browser(undefined, { 'x-forwarded-for': '198.51.100.40' }),
      )
      return { login, page: await signIn(login, email, PASSWORD) }
    }

    it('sets up an app after the password, shows recovery codes once, then signs in with mfa', async () => {
      await setPolicy(t.f, { passwordUserMfa: 'required' })
      const user = await t.f.addUser({ password: PASSWORD })
      const { login, page } = await atPassword(user.email)
      assert.equal(page.status, 200, reasonCode(page.body))
      assert.equal(page.headers.get('location'), null, 'no code for the console yet')
      assert.match(page.body, /<svg aria-hidden="true"/, 'the QR code is on the page')
      assert.match(page.body, /role="img" aria-label="QR code/)
      const app = appFromPage(page.body)
      const factorId = readForm(page.body, '/login/enrol').hidden['factorId']

      // Finishing before the app is confirmed signs nobody in.
      const early = await login.browser.request(`${t.f.url}/login/enrol/done`, {
        method: 'POST',
        form: { ...readForm(page.body, '/login/enrol').hidden },
      })
      assert.equal(reasonCode(early.body), 'login.second_factor_expired')

      const wrong = await login.browser.submit(page, '/login/enrol', { code: '000000' })
      assert.equal(wrong.status, 401)
      assert.equal(reasonCode(wrong.body), 'login.invalid_code')
      assert.equal(
        readForm(wrong.body, '/login/enrol').hidden['factorId'],
        factorId,
        'the same app',
      )

      const codesPage = await login.browser.submit(wrong, '/login/enrol', {
        code: app.generate({ timestamp: t.f.clock.now() }),
      })
      assert.equal(codesPage.status, 200)
      const codes = [...codesPage.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map(
        (m) => m[1],
      )
      assert.equal(codes.length, 10)
      assert.equal(new Set(codes).size, 10)

      const done = await login.browser.submit(codesPage, '/login/enrol/done', {})
      assert.equal(done.status, 303)
      const tokens = await redeem(t.config, login, done.headers.get('location') ?? '')
      assert.deepEqual(tokens.claims()?.['amr'], ['pwd', 'otp', 'mfa'])

      // From now on the app (or a recovery code) is asked, like for anyone who chose one.
      const next = await atPassword(user.email)
      assert.ok(readForm(next.page.body, '/login/second-factor'))
      const byCode = await next.login.browser.submit(next.page, '/login/second-factor', {
        recoveryCode: codes[0] ?? '',
      })
      assert.equal(byCode.status, 303)
      const factors = await t.f.server.app.services.factors.list(user.orgId, user.id)
      assert.deepEqual(
        factors.map((f) => [f.kind, f.confirmedAt !== null]),
        [['totp', true]],
      )
    })

    it('replaces an app set up but never confirmed when the password is given again', async () => {
      await setPolicy(t.f, { passwordUserMfa: 'required' })
      const user = await t.f.addUser({ password: PASSWORD })
      const first = await atPassword(user.email)
      const second = await atPassword(user.email)
      const stale = appFromPage(first.page.body)
      const refused = await second.login.browser.submit(first.page, '/login/enrol', {
        code: stale.generate({ timestamp: t.f.clock.now() }),
      })
      assert.notEqual(refused.status, 200, 'the first page’s app is gone')
      const factors = await t.f.server.app.services.factors.list(user.orgId, user.id)
      assert.equal(factors.length, 1)
    })

    it('requiredForAdmins asks the owner and admins, not members', async () => {
      await setPolicy(t.f, { requiredForAdmins: true })
      const member = await t.f.addUser({ password: PASSWORD, role: 'member' })
      const admin = await t.f.addUser({ password: PASSWORD, role: 'admin' })
      const asMember = await atPassword(member.email)
      assert.equal(asMember.page.status, 303, 'a member signs in with the password alone')
      const asAdmin = await atPassword(admin.email)
      assert.equal(asAdmin.page.status, 200)
      assert.ok(readForm(asAdmin.page.body, '/login/enrol'))
    })

    it('optional (the default) asks nobody to enrol', async () => {
      const user = await t.f.addUser({ password: PASSWORD, role: 'admin' })
      const { page } = await atPassword(user.email)
      assert.equal(page.status, 303)
    })

    it('never signs anyone in by an emailed link where a password alone is not enough', async () => {
      const { login, factors } = t.f.server.app.services
      const context = { ip: '198.51.100.41', userAgent: null }
      const browser = { sessionSecret: undefined, deviceSecret: undefined }
      const plain = await t.f.addUser({ password: PASSWORD })
      assert.ok(await login.signInAfterEmailedLink(plain, 'password_reset', context, browser))
      const withApp = await t.f.addUser({ password: PASSWORD })
      const app = await factors.startTotp(withApp.orgId, withApp.id, 'Phone')
      await factors.confirmTotp(
        withApp.orgId,
        withApp.id,
        app.factor.id,
        appFromPage(`<p class="secret" id="totp-key" translate="no">${app.secret}</p>`).generate({
          timestamp: t.f.clock.now(),
        }),
        { type: 'user', id: withApp.id },
      )
      assert.equal(
        await login.signInAfterEmailedLink(withApp, 'password_reset', context, browser),
        undefined,
        'a reset never gets around a second factor',
      )
      await setPolicy(t.f, { passwordUserMfa: 'required' })
      assert.equal(
        await login.signInAfterEmailedLink(plain, 'invitation', context, browser),
        undefined,
        'nor an invitation around a required one',
      )
    })

    it('keeps the last required factor when removals race (8 at once)', async () => {
      const { factors } = t.f.server.app.services
      const user = await t.f.addUser({ password: PASSWORD })
      const actor = { type: 'user', id: user.id } as const
      const ids: string[] = []
      for (const name of ['Phone', 'Tablet']) {
        const app = await factors.startTotp(user.orgId, user.id, name)
        const code = appFromPage(
          `<p class="secret" id="totp-key" translate="no">${app.secret}</p>`,
        ).generate({ timestamp: t.f.clock.now() })
        await factors.confirmTotp(user.orgId, user.id, app.factor.id, code, actor)
        ids.push(app.factor.id)
      }
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          factors.remove(user.orgId, user.id, ids[i % 2] ?? '', actor, { keepOne: true }),
        ),
      )
      const left = (await factors.list(user.orgId, user.id)).filter((f) => f.confirmedAt !== null)
      assert.equal(left.length, 1, 'one factor always stays')
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      for (const r of results) {
        if (r.status === 'rejected') {
          assert.match(
            String((r.reason as { code?: string }).code),
            /^factor\.(required|not_found)$/,
          )
        }
      }
    })

    it('validates the policy settings and audits a change', async () => {
      const { settings, audit } = t.f.server.app.services
      for (const patch of [
        { passwordUserMfa: 'sometimes' },
        { passwordUserMfa: 1 },
        { requiredForAdmins: 'yes' },
      ]) {
        await assert.rejects(setPolicy(t.f, patch), { code: 'org.invalid_settings' })
      }
      assert.equal((await settings.get(t.f.orgId)).effective.passwordUserMfa, 'optional')
      const view = await setPolicy(t.f, { passwordUserMfa: 'off', requiredForAdmins: true })
      assert.equal(view.effective.passwordUserMfa, 'off')
      assert.equal(view.effective.requiredForAdmins, true)
      const page = await audit.listEvents(t.f.orgId, { type: 'org.settings_changed', limit: 10 })
      const changes = page.items.map((event) => event.details?.['changes'])
      assert.ok(
        changes.some((c) =>
          isDeepStrictEqual(c, {
            passwordUserMfa: { from: null, to: 'off' },
            requiredForAdmins: { from: null, to: true },
          }),
        ),
      )
    })
  })
}
