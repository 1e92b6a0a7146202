/**
 * The second step of a password sign-in (issue 25), end to end on both engines: a user with an
 * authenticator app gets no code for the console until the app's code is given (codes computed by an
 * independent library, otpauth); openid-client sees `amr` pwd, otp, mfa; a code works once, even when
 * two instances are handed it at once; a recovery code works once; wrong codes count like wrong
 * passwords (30 at once: at most 5 checked); the step expires; SSO users are not asked.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TOTP } from 'otpauth'
import { Browser, readForm, reasonCode, type PageResponse } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import type { LoginFixture } from './login.setup.ts'
import { loginBehindProxy, outcome, PASSWORD, redeem, signIn, startLogin } from './login.setup.ts'

const USER = { type: 'user', id: 'self' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: two-factor sign-in`, () => {
    const t = loginBehindProxy(dialect)

    /** A password user with a confirmed authenticator app; the app (otpauth) that makes its codes. */
    const withApp = async (f: LoginFixture) => {
      const user = await f.addUser({ password: PASSWORD })
      const { factors } = f.server.app.services
      const started = await factors.startTotp(user.orgId, user.id, 'Phone')
      assert.match(started.qrSvg, /^<svg[\s\S]*<\/svg>\s*$/)
      const app = new TOTP({ secret: started.secret, algorithm: 'SHA1', digits: 6, period: 30 })
      // Confirmed with the code of the previous step: the sign-ins below use the current one.
      const previous = app.generate({ timestamp: f.clock.now() - 30_000 })
      await factors.confirmTotp(user.orgId, user.id, started.factor.id, previous, USER)
      return { user, code: () => app.generate({ timestamp: f.clock.now() }) }
    }

    /** A browser at the second-factor page of `email`, from client address `ip`. */
    const atSecondStep = async (email: string, ip = '198.51.100.20') => {
      const login = await startLogin(t.config, new Browser(undefined, { 'x-forwarded-for': ip }))
      const page = await signIn(login, email, PASSWORD)
      return { login, page }
    }
    const submitCode = (
      login: { browser: Browser },
      page: PageResponse,
      fields: Record<string, string>,
    ) => login.browser.submit(page, '/login/second-factor', fields)

    it('asks for the code after the right password, and only then signs in with amr mfa', async () => {
      const { user, code } = await withApp(t.f)
      const { login, page } = await atSecondStep(user.email)
      assert.equal(page.status, 200)
      assert.match(page.body, /authenticator app/)
      assert.equal(page.headers.get('location'), null, 'no code for the console yet')
      const wrong = await submitCode(login, page, { code: '000000' })
      assert.equal(wrong.status, 401)
      assert.equal(reasonCode(wrong.body), 'login.invalid_code')
      const done = await submitCode(login, wrong, { code: code() })
      assert.equal(done.status, 303)
      const tokens = await redeem(t.config, login, done.headers.get('location') ?? '')
      assert.deepEqual(tokens.claims()?.['amr'], ['pwd', 'otp', 'mfa'])
      // The same browser comes back with a code at once: the session remembers how it was proved.
      const again = await startLogin(t.config, login.browser)
      const back = await redeem(t.config, again, again.emailPage.url)
      assert.deepEqual(back.claims()?.['amr'], ['pwd', 'otp', 'mfa'])
    })

    it('takes a code once, even when two instances get it at once', async () => {
      const { user, code } = await withApp(t.f)
      const another = await t.f.startAnother()
      const one = await atSecondStep(user.email)
      const two = await atSecondStep(user.email)
      const current = code()
      const form = (p: PageResponse) => ({
        ...readForm(p.body, '/login/second-factor').hidden,
        code: current,
      })
      const post = (base: string, login: { browser: Browser }, page: PageResponse) =>
        login.browser.request(`${base}/login/second-factor`, {
          method: 'POST',
          form: form(page),
        })
      const results = await Promise.all([
        post(t.f.url, one.login, one.page),
        post(another.url, two.login, two.page),
      ])
      assert.deepEqual(
        results.map((r) => r.status).sort(),
        [303, 401],
        results.map((r) => reasonCode(r.body) ?? r.status).join(),
      )
    })

    it('signs in once with a recovery code, and audits it', async () => {
      const { user } = await withApp(t.f)
      const codes = await t.f.server.app.services.factors.regenerateRecoveryCodes(
        user.orgId,
        user.id,
        USER,
      )
      const first = await atSecondStep(user.email)
      const typed = (codes[3] ?? '').toLowerCase().replace('-', ' ')
      const done = await submitCode(first.login, first.page, { recoveryCode: typed })
      assert.equal(outcome(done), 'signed-in')
      const second = await atSecondStep(user.email)
      const reused = await submitCode(second.login, second.page, { recoveryCode: codes[3] ?? '' })
      assert.equal(reasonCode(reused.body), 'login.invalid_code')
      const audited = await t.f.server.app.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('type', '=', 'user.recovery_code_used')
        .where('target_id', '=', user.id)
        .execute()
      assert.equal(audited.length, 1)
      assert.equal(await t.f.server.app.services.factors.recoveryCodesLeft(user.orgId, user.id), 9)
    })

    it('counts wrong codes like wrong passwords: of 30 at once, at most 5 are checked', async () => {
      const { user } = await withApp(t.f)
      const ip = '198.51.100.30'
      const pages = []
      for (let i = 0; i < 30; i++) pages.push(await atSecondStep(user.email, ip))
      const results = await Promise.all(
        pages.map(({ login, page }) => submitCode(login, page, { code: '123456' })),
      )
      const codes = results.map((r) => reasonCode(r.body))
      const checked = codes.filter((c) => c === 'login.invalid_code')
      assert.ok(checked.length <= 5, codes.join())
      assert.equal(checked.length + codes.filter((c) => c === 'login.locked').length, 30)
    })

    it('expires five minutes after the password', async () => {
      const { user, code } = await withApp(t.f)
      const { login, page } = await atSecondStep(user.email, '198.51.100.40')
      t.f.clock.advance(5 * 60_000 + 1000)
      const late = await submitCode(login, page, { code: code() })
      assert.equal(reasonCode(late.body), 'login.second_factor_expired')
    })

    it('an admin resets a user’s factors (Admin API); the password alone signs in again', async () => {
      const { user } = await withApp(t.f)
      const { secret: token } = await t.f.server.app.services.apiTokens.create(
        user.orgId,
        'helpdesk',
        { type: 'operator', id: 'test' },
      )
      const api = (method: string, path: string) =>
        fetch(`${t.f.url}/api/v1/orgs/${user.orgId}/users/${user.id}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}` },
        })
      const listed = (await (await api('GET', '/factors')).json()) as {
        factors: { kind: string; confirmed: boolean; name: string }[]
      }
      assert.deepEqual(
        listed.factors.map((f) => [f.kind, f.confirmed, f.name]),
        [['totp', true, 'Phone']],
      )
      assert.ok(!JSON.stringify(listed).includes('secret'))
      const reset = await api('POST', '/reset-factors')
      assert.deepEqual(await reset.json(), { removed: 1 })
      const login = await startLogin(t.config)
      assert.equal((await signIn(login, user.email, PASSWORD)).status, 303)
    })

    it('signs a password user without a factor in at once, amr pwd', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const login = await startLogin(t.config)
      const done = await signIn(login, user.email, PASSWORD)
      assert.equal(done.status, 303)
      const tokens = await redeem(t.config, login, done.headers.get('location') ?? '')
      assert.deepEqual(tokens.claims()?.['amr'], ['pwd'])
    })
  })
}
