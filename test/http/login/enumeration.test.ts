/**
 * The login pages reveal nothing about which accounts exist (SPEC §3.3), on both databases: for every
 * domain state × per-user SSO setting × known/unknown email, the email step, the single sign-on button,
 * the password option and a wrong password give byte-identical responses once the per-request values
 * (transaction, CSRF token, AuthnRequest, the email itself) are taken out.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import type { SSOOverride } from '../../../src/users/user.ts'
import { Browser, type PageResponse } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { K_A } from '../../helpers/saml.ts'
import { discover, PASSWORD, setupLogin, startLogin, type LoginFixture } from './login.setup.ts'

const DOMAIN_STATES = [
  'no verified domain',
  'verified, no profile',
  'verified, served by a profile',
  'enforced, served by a profile',
  'enforced, no profile',
] as const
type DomainState = (typeof DOMAIN_STATES)[number]

/** Who is asking: an account with each SSO setting, or nobody. */
const SUBJECTS = ['none', 'enabled', 'disabled', 'unknown'] as const

/** A response reduced to what a visitor can compare, per-request values replaced. */
function normalized(response: PageResponse, email: string): string {
  const cookies = response.headers
    .getSetCookie()
    .map((c) => c.replace(/=[^;]*/, '=<value>'))
    .sort()
  const text = [
    String(response.status),
    response.headers.get('content-type'),
    response.headers.get('content-security-policy'),
    response.headers.get('location'),
    response.headers.get('retry-after'),
    ...cookies,
    response.body,
  ].join('\n')
  return text
    .split(email)
    .join('<email>')
    .replace(/(name="(?:tx|csrf)" value=")[^"]*/g, '$1<token>')
    .replace(/([?&;](?:amp;)?(?:tx|SAMLRequest|Signature|SigAlg)=)[^&"'\s]*/g, '$1<token>')
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: no account enumeration on the login pages`, () => {
    let f: LoginFixture
    let config: client.Configuration
    const domains = new Map<DomainState, string>()
    before(async () => {
      f = await setupLogin(dialect)
      config = await discover(f)
      const profile = await f.server.app.services.ssoProfiles.createProfile(
        f.orgId,
        {
          name: 'IdP',
          idpEntityId: 'https://idp.example.test',
          idpSsoUrl: 'https://idp.example.test/sso',
          certificates: [K_A.cert],
        },
        { type: 'operator', id: 'test' },
      )
      for (const state of DOMAIN_STATES) {
        const name = `d${randomBytes(3).toString('hex')}.test`
        domains.set(state, name)
        if (state === 'no verified domain') continue
        await f.addDomain(name, { enforced: state.startsWith('enforced') })
        if (state.endsWith('served by a profile')) {
          await f.server.app.database.db
            .updateTable('domains')
            .set({ sso_profile_id: profile.id })
            .where('name', '=', name)
            .execute()
        }
      }
    })
    after(() => f.close())

    /** Emails for each subject in `domain`: accounts with that SSO setting, and one nobody has. */
    const emailsIn = async (domain: string) => {
      const emails = new Map<(typeof SUBJECTS)[number], string>()
      for (const subject of SUBJECTS) {
        const email = `${subject}-${randomBytes(3).toString('hex')}@${domain}`
        if (subject !== 'unknown') {
          await f.addUser({ email, password: PASSWORD, ssoOverride: subject as SSOOverride })
        }
        emails.set(subject, email)
      }
      return emails
    }

    /** The responses a visitor sees for `email`: email step, SSO button, password option, wrong password. */
    const walk = async (email: string) => {
      const seen: Record<string, string> = {}
      const first = await startLogin(config, new Browser())
      const emailStep = await first.browser.request(`${f.url}/login/email`, {
        form: { ...hiddenFields(first.emailPage), email },
      })
      seen['email step'] = normalized(emailStep, email)
      if (/action="\/login\/sso"/.test(emailStep.body)) {
        const sso = await first.browser.request(`${f.url}/login/sso`, {
          form: hiddenFields(emailStep),
        })
        seen['single sign-on button'] = normalized(sso, email)
      }
      const second = await startLogin(config, new Browser())
      const passwordStep = await second.browser.request(`${f.url}/login/email`, {
        form: { ...hiddenFields(second.emailPage), email, method: 'password' },
      })
      seen['password option'] = normalized(passwordStep, email)
      const wrong = await second.browser.request(`${f.url}/login/password`, {
        form: { ...hiddenFields(passwordStep), password: 'a wrong password, surely' },
      })
      seen['wrong password'] = normalized(wrong, email)
      return seen
    }

    for (const state of DOMAIN_STATES) {
      it(`answers the same for every account and for none: ${state}`, async () => {
        const emails = await emailsIn(domains.get(state) ?? '')
        const unknown = await walk(emails.get('unknown') ?? '')
        assert.ok(Object.keys(unknown).length >= 3)
        for (const subject of ['none', 'enabled', 'disabled'] as const) {
          const known = await walk(emails.get(subject) ?? '')
          for (const [step, response] of Object.entries(unknown)) {
            assert.equal(known[step], response, `${step}, override ${subject} vs unknown`)
          }
          assert.deepEqual(Object.keys(known), Object.keys(unknown))
        }
      })
    }
  })
}

function hiddenFields(page: PageResponse): Record<string, string> {
  return Object.fromEntries(
    [...page.body.matchAll(/name="(tx|csrf)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  )
}
