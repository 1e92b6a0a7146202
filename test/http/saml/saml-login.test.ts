/**
 * SAML login end to end on both databases: the console's OIDC request, the login pages, an AuthnRequest
 * to the IdP, a signed response at the ACS, and the code redeemed by openid-client with amr ["saml"].
 */
import assert from 'node:assert/strict'
import { createVerify, X509Certificate } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import {
  CALLBACK,
  IDP_SSO,
  INITIATE,
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SAML login`, () => {
    let f: SAMLFixture
    before(async () => {
      f = await setupSAML(dialect)
    })
    after(() => f.close())

    const sessionCount = async () =>
      Number(
        (
          await f.admin.server.app.database.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    it('sends an SSO-required user to the IdP with a signed AuthnRequest, and back to the console', async () => {
      const login = await startConsoleLogin(f)
      assert.equal(login.idpRedirect.status, 200)
      assert.match(login.idpRedirect.body, /Continue to your identity provider/)
      const request = readAuthnRequest(login.idpRedirect.url)
      assert.equal(request.url.origin + request.url.pathname, IDP_SSO)
      assert.match(request.xml, new RegExp(`AssertionConsumerServiceURL="${f.acsUrl}"`))
      assert.match(request.xml, new RegExp(`<saml:Issuer>${f.spEntityId}</saml:Issuer>`))
      // The redirect-binding signature verifies with the certificate in our SP metadata.
      const metadata = await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text()
      const der = /<ds:X509Certificate>([^<]+)</.exec(metadata)?.[1] ?? ''
      const certificate = new X509Certificate(Buffer.from(der, 'base64'))
      const raw = login.idpRedirect.url.split('?')[1] ?? ''
      const signed = raw
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&')
      const signature = Buffer.from(
        decodeURIComponent(/Signature=([^&]+)/.exec(raw)?.[1] ?? ''),
        'base64',
      )
      assert.equal(
        createVerify('sha256').update(signed).verify(certificate.publicKey, signature),
        true,
      )

      const back = await postResponse(f, login.browser, { inResponseTo: request.id })
      assert.equal(back.status, 303, back.body)
      // An SSO sign-in also makes this browser a known one (the break-glass password passes the
      // account-wide slow-down from here, issue 21).
      assert.match(login.browser.cookie('portcullis_device') ?? '', /^dev_/)
      const callback = back.headers.get('location') ?? ''
      assert.ok(callback.startsWith(CALLBACK))
      const tokens = await client.authorizationCodeGrant(f.config, new URL(callback), {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
      })
      const claims = tokens.claims()
      assert.equal(claims?.sub, f.userId)
      assert.deepEqual(claims?.['amr'], ['saml'])
      assert.equal(claims?.['org_id'], f.admin.a.orgId)
    })

    it('asks the IdP for a fresh authentication (ForceAuthn) when the console sends prompt=login or max_age', async () => {
      const plain = readAuthnRequest((await startConsoleLogin(f)).idpRedirect.url)
      assert.doesNotMatch(plain.xml, /ForceAuthn/)
      const fresh: Record<string, string>[] = [{ prompt: 'login' }, { max_age: '300' }]
      for (const extra of fresh) {
        const login = await startConsoleLogin(f, f.userEmail, new Browser(), extra)
        const request = readAuthnRequest(login.idpRedirect.url)
        assert.match(request.xml, /ForceAuthn="true"/, JSON.stringify(extra))
      }
    })

    it('refuses the same response a second time, and a response for another browser, writing nothing', async () => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      const xmlLogin = await postResponse(f, login.browser, {
        inResponseTo: request.id,
        assertionId: '_once-only',
      })
      assert.equal(xmlLogin.status, 303)
      const before = await countRows(f.admin.server.app.database)
      const sessions = await sessionCount()
      const replay = await postResponse(f, login.browser, {
        inResponseTo: request.id,
        assertionId: '_once-only',
      })
      assert.equal(replay.status, 400)
      assert.equal(reasonCode(replay.body), 'saml.in_response_to_mismatch')
      // Login CSRF (FLOW-02): a genuine response for a request of another browser.
      const attacker = await startConsoleLogin(f)
      const stolen = readAuthnRequest(attacker.idpRedirect.url)
      const victim = new Browser()
      const csrf = await postResponse(f, victim, { inResponseTo: stolen.id })
      assert.equal(reasonCode(csrf.body), 'saml.in_response_to_mismatch')
      assert.equal(victim.cookie('portcullis_session'), undefined)
      assert.equal(await sessionCount(), sessions)
      const after = await countRows(f.admin.server.app.database)
      // Only the audit log grows (and the attacker's own pending request and transaction).
      assert.equal(after['sessions'], before['sessions'])
      assert.equal(after['auth_codes'], before['auth_codes'])
      const failures = await f.admin.server.app.database.db
        .selectFrom('audit_events')
        .select('reason_code')
        .where('type', '=', 'login.failed')
        .where('reason_code', '=', 'saml.in_response_to_mismatch')
        .execute()
      assert.ok(failures.length >= 2)
    })

    it('refuses a response whose audience is another profile, with its code on the page', async () => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      const response = await postResponse(f, login.browser, {
        inResponseTo: request.id,
        audience: 'https://elsewhere.test',
      })
      assert.equal(response.status, 400)
      assert.equal(reasonCode(response.body), 'saml.audience_mismatch')
      assert.equal(login.browser.cookie('portcullis_session'), undefined)
    })

    it('turns an unsolicited response into a fresh login and lands in the default console', async () => {
      const browser = new Browser()
      const unsolicited = await postResponse(f, browser, { inResponseTo: null })
      assert.equal(unsolicited.status, 303)
      const request = readAuthnRequest(unsolicited.headers.get('location') ?? '')
      assert.ok(request.id.length > 10)
      assert.equal(browser.cookie('portcullis_session'), undefined)
      const done = await postResponse(f, browser, { inResponseTo: request.id })
      assert.equal(done.status, 303, done.body)
      const landing = new URL(done.headers.get('location') ?? '')
      assert.equal(landing.origin + landing.pathname, INITIATE)
      assert.equal(landing.searchParams.get('iss'), f.url)
      assert.ok(browser.cookie('portcullis_session'))
    })

    it('refuses GET and duplicated fields at the ACS', async () => {
      const get = await new Browser().request(`${f.acsUrl}?SAMLResponse=abc`)
      assert.equal(reasonCode(get.body), 'saml.binding_invalid')
      const dup = await new Browser().request(f.acsUrl, {
        body: 'SAMLResponse=a&SAMLResponse=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        method: 'POST',
      })
      assert.equal(reasonCode(dup.body), 'saml.binding_invalid')
    })

    it('answers unknown profiles with saml.profile_unavailable', async () => {
      const response = await new Browser().request(
        `${f.url}/saml/00000000-0000-4000-8000-000000000000/acs`,
        { form: { SAMLResponse: 'x' } },
      )
      assert.equal(response.status, 404)
      assert.equal(reasonCode(response.body), 'saml.profile_unavailable')
    })
  })
}

describe('sqlite: unsolicited responses in a loop', () => {
  it('are converted a bounded number of times per address, then refused (FLOW-04)', async () => {
    const f = await setupSAML('sqlite')
    try {
      const browser = new Browser()
      const statuses: number[] = []
      for (let i = 0; i < 25; i++)
        statuses.push((await postResponse(f, browser, { inResponseTo: null })).status)
      assert.equal(statuses.filter((s) => s === 303).length, 20)
      const last = await postResponse(f, browser, { inResponseTo: null })
      assert.equal(last.status, 429)
      assert.equal(reasonCode(last.body), 'login.rate_limited')
    } finally {
      await f.close()
    }
  })
})
