/**
 * SSO profiles through the Admin API and the connection test in a browser, on both databases; and two
 * instances sharing PostgreSQL completing each other's logins.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Browser, metaRefresh, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { freePort } from '../../helpers/processes.ts'
import { K_A, testKey } from '../../helpers/saml.ts'
import { errorCode } from '../admin/admin.setup.ts'
import { startServer } from '../../../src/main.ts'
import { createLogger } from '../../../src/platform/log.ts'
import { testConfig } from '../../helpers/config.ts'
import {
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

const certBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
const metadata = (entityId: string, sso: string, cert: string) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">` +
  `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
  `<md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>` +
  `</md:IDPSSODescriptor></md:EntityDescriptor>`

for (const dialect of DIALECTS) {
  describe(`${dialect}: SSO profiles and connection tests`, () => {
    let f: SAMLFixture
    before(async () => {
      f = await setupSAML(dialect)
    })
    after(() => f.close())
    const profiles = () => `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles`
    const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      f.admin.api(f.admin.a.token, method, path, body, headers)

    it('creates a profile from IdP metadata (a KeyDescriptor without use still signs)', async () => {
      const result = await api('POST', profiles(), {
        name: 'From metadata',
        idpMetadataXml: metadata('https://idp-m.test', 'https://idp-m.test/sso', K_A.cert),
      })
      assert.equal(result.status, 201, JSON.stringify(result.json))
      assert.equal(result.json['idpEntityId'], 'https://idp-m.test')
      assert.equal(result.json['idpSsoUrl'], 'https://idp-m.test/sso')
      assert.equal((result.json['certificates'] as unknown[]).length, 1)
      assert.equal(result.json['usable'], true)
      const id = result.json['id'] as string
      const uploaded = await api(
        'PUT',
        `${profiles()}/${id}/idp-metadata`,
        metadata('https://idp-n.test', 'https://idp-n.test/sso', testKey('idp-a-next').cert),
        {
          'content-type': 'application/samlmetadata+xml',
        },
      )
      assert.equal(uploaded.status, 200, JSON.stringify(uploaded.json))
      assert.equal(uploaded.json['idpEntityId'], 'https://idp-n.test')
    })

    for (const [what, certificate, code] of [
      ['an RSA-1024 certificate', testKey('weak-1024').cert, 'sso.certificate_weak'],
      ['an expired certificate', testKey('expired').cert, 'sso.certificate_expired'],
      ['garbage', 'not a certificate', 'sso.certificate_invalid'],
    ] as const) {
      it(`refuses ${what}`, async () => {
        const result = await api('POST', profiles(), {
          name: 'Bad',
          idpEntityId: 'https://x.test',
          certificates: [certificate],
        })
        assert.equal(result.status, 400)
        assert.equal(errorCode(result.json), code)
      })
    }

    it('refuses metadata without a signing certificate or with a DOCTYPE', async () => {
      const noKey = metadata('https://x.test', 'https://x.test/sso', K_A.cert).replace(
        /<md:KeyDescriptor>[\s\S]*<\/md:KeyDescriptor>/,
        '',
      )
      for (const xml of [
        noKey,
        `<!DOCTYPE x>${metadata('https://x.test', 'https://x.test/sso', K_A.cert)}`,
      ]) {
        const result = await api('POST', profiles(), { name: 'Bad', idpMetadataXml: xml })
        assert.equal(errorCode(result.json), 'sso.invalid_metadata')
      }
    })

    it('serves only verified domains, each by one profile', async () => {
      const other = await api('POST', profiles(), { name: 'Other', domains: ['orga.test'] })
      assert.equal(errorCode(other.json), 'sso.domain_served_elsewhere')
      const unverified = await api('POST', profiles(), { name: 'Other', domains: ['nowhere.test'] })
      assert.equal(errorCode(unverified.json), 'sso.domain_not_verified')
    })

    it('publishes SP metadata with this profile’s entity ID and ACS', async () => {
      for (const url of [`${f.url}/saml/${f.profileId}/metadata`]) {
        const xml = await (await fetch(url)).text()
        assert.match(xml, new RegExp(`entityID="${f.spEntityId}"`))
        assert.match(xml, new RegExp(`Location="${f.acsUrl}"`))
        assert.match(xml, /<ds:X509Certificate>/)
      }
      const admin = await fetch(`${f.url}${profiles()}/${f.profileId}/metadata`, {
        headers: { authorization: `Bearer ${f.admin.a.token}` },
      })
      assert.equal(admin.status, 200)
      assert.match(await admin.text(), new RegExp(`entityID="${f.spEntityId}"`))
    })

    it('publishes SP metadata for a new profile before its IdP is configured, and for no other', async () => {
      const created = await api('POST', profiles(), { name: 'Set up the IdP later' })
      assert.equal(created.status, 201, JSON.stringify(created.json))
      const { id, sp } = created.json as { id: string; sp: { entityId: string; acsUrl: string } }
      const response = await fetch(`${f.url}/saml/${id}/metadata`)
      assert.equal(response.status, 200)
      assert.match(response.headers.get('content-type') ?? '', /^application\/samlmetadata\+xml/)
      const xml = await response.text()
      assert.match(xml, new RegExp(`entityID="${sp.entityId}"`))
      assert.match(xml, new RegExp(`Location="${sp.acsUrl}"`))
      // A profile that does not exist (or was deleted) has none.
      assert.equal((await api('DELETE', `${profiles()}/${id}`)).status, 204)
      assert.equal((await fetch(`${f.url}/saml/${id}/metadata`)).status, 404)
      assert.equal((await fetch(`${f.url}/saml/no-such-profile/metadata`)).status, 404)
    })

    it('runs a connection test in a browser: results shown and recorded, no session; then enforcement may use it', async () => {
      const before = await api('PUT', `/api/v1/orgs/${f.admin.a.orgId}/enforcement`, {
        domains: ['orga.test'],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(errorCode(before.json), 'enforcement.untested_profile')

      const failing = await runTest({ audience: 'https://wrong.test' })
      assert.match(failing.body, /Connection test failed/)
      assert.match(failing.body, /saml\.audience_mismatch/)
      const afterFail = await api('GET', `${profiles()}/${f.profileId}`)
      assert.equal((afterFail.json['lastTest'] as { passed: boolean }).passed, false)

      const passing = await runTest({})
      assert.match(passing.body, /Connection test passed/)
      const profile = await api('GET', `${profiles()}/${f.profileId}`)
      const lastTest = profile.json['lastTest'] as { passed: boolean; result: { email: string } }
      assert.equal(lastTest.passed, true)
      assert.equal(lastTest.result.email, f.userEmail)
      const enforced = await api('PUT', `/api/v1/orgs/${f.admin.a.orgId}/enforcement`, {
        domains: ['orga.test'],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(enforced.status, 200, JSON.stringify(enforced.json))

      // A rotation: adding the IdP's next certificate keeps the passed test (the tested one stays).
      const next = testKey('idp-a-next').cert
      const added = await api('PATCH', `${profiles()}/${f.profileId}`, {
        certificates: [K_A.cert, next],
      })
      assert.equal(added.status, 200, JSON.stringify(added.json))
      const enforcement = `/api/v1/orgs/${f.admin.a.orgId}/enforcement`
      const enforcedNames = async () =>
        ((await api('GET', enforcement)).json['domains'] as { name: string; enforced: boolean }[])
          .filter((d) => d.enforced)
          .map((d) => d.name)
      assert.deepEqual(await enforcedNames(), ['orga.test'])
      // Dropping the tested certificate needs a new test: refused while the domain is enforced…
      const replaced = await api('PATCH', `${profiles()}/${f.profileId}`, { certificates: [next] })
      assert.equal(replaced.status, 409)
      assert.equal(errorCode(replaced.json), 'enforcement.profile_required')
      assert.deepEqual((replaced.json['error'] as { details: unknown }).details, {
        domains: ['orga.test'],
      })
      // …unless enforcement is lifted with it, in the same transaction.
      const lifted = await api('PATCH', `${profiles()}/${f.profileId}?liftEnforcement=true`, {
        certificates: [next],
      })
      assert.equal(lifted.status, 200, JSON.stringify(lifted.json))
      assert.deepEqual(await enforcedNames(), [])
      const again = await api('PUT', enforcement, {
        domains: ['orga.test'],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(errorCode(again.json), 'enforcement.untested_profile')
      // Back to the tested certificate for the tests that follow.
      await api('PATCH', `${profiles()}/${f.profileId}`, { certificates: [K_A.cert] })
    })

    it('uses a test ticket once', async () => {
      const started = await api('POST', `${profiles()}/${f.profileId}/test`)
      const url = started.json['testUrl'] as string
      const browser = new Browser()
      const confirm = await browser.request(url)
      const first = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      assert.ok(metaRefresh(first))
      const second = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      assert.equal(reasonCode(second.body), 'login.transaction_expired')
      // The confirmation form needs its CSRF cookie: a cross-site POST of the ticket does nothing.
      const other = await api('POST', `${profiles()}/${f.profileId}/test`)
      const ticket = new URL(other.json['testUrl'] as string).searchParams.get('ticket') ?? ''
      const forged = await new Browser().request(`${f.url}/saml/${f.profileId}/test`, {
        form: { ticket, csrf: 'forged' },
      })
      assert.equal(reasonCode(forged.body), 'login.csrf_failed')
    })

    it('opens a test started from an admin session only in that session, and audits it as theirs', async () => {
      const owner = await f.admin.signIn(f.admin.a.ownerEmail)
      const started = await f.admin.sessionApi(owner, 'POST', `${profiles()}/${f.profileId}/test`)
      assert.equal(started.status, 200, JSON.stringify(started.json))
      const url = started.json['testUrl'] as string
      // Anyone else who gets the link is refused, and the ticket stays unused.
      const stranger = await new Browser().request(url)
      assert.equal(stranger.status, 403)
      assert.equal(reasonCode(stranger.body), 'saml.test_not_yours')
      assert.equal(stranger.headers.get('location'), null)
      // The admin's own browser goes straight to the IdP.
      const redirect = await owner.browser.request(url)
      assert.equal(redirect.status, 303)
      const request = readAuthnRequest(redirect.headers.get('location') ?? '')
      const page = await postResponse(f, owner.browser, { inResponseTo: request.id })
      assert.match(page.body, /Connection test passed/)
      const event = await f.admin.server.app.database.db
        .selectFrom('audit_events')
        .select(['actor_type', 'actor_id'])
        .where('type', '=', 'sso.test_passed')
        .orderBy('occurred_at', 'desc')
        .executeTakeFirstOrThrow()
      assert.deepEqual({ ...event }, { actor_type: 'user', actor_id: f.admin.a.ownerId })
    })

    async function runTest(
      options: Parameters<typeof postResponse>[2] extends infer T ? Partial<T> : never,
    ) {
      const started = await api('POST', `${profiles()}/${f.profileId}/test`)
      assert.equal(started.status, 200, JSON.stringify(started.json))
      const browser = new Browser()
      // Started with an API token: the page says where the test leads before going there.
      const confirm = await browser.request(started.json['testUrl'] as string)
      assert.equal(confirm.status, 200)
      assert.match(confirm.body, /https:\/\/idp-a\.test/)
      const handover = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      const request = readAuthnRequest(metaRefresh(handover) ?? '')
      assert.match(request.xml, /ForceAuthn="true"/)
      const page = await postResponse(f, browser, { ...options, inResponseTo: request.id })
      assert.equal(page.status, 200, page.body)
      assert.equal(browser.cookie('portcullis_session'), undefined)
      return page
    }
  })
}

if (DIALECTS.includes('postgres')) {
  describe('postgres: two instances share pending requests and the replay cache', () => {
    let f: SAMLFixture
    before(async () => {
      f = await setupSAML('postgres')
    })
    after(() => f.close())

    it('completes at instance B a login that instance A started, and refuses the replay at A', async () => {
      const port = await freePort()
      const databaseUrl = (f.admin.server.app.config.database as { url: string }).url
      const b = await startServer(
        testConfig(databaseUrl, { PORT: String(port), PUBLIC_URL: f.url, JOB_POLL_SECONDS: '0' }),
        createLogger('silent'),
      )
      try {
        const login = await startConsoleLogin(f)
        const request = readAuthnRequest(login.idpRedirect.url)
        const atB = `${b.url}/saml/${f.profileId}/acs`
        const done = await postResponse(f, login.browser, {
          inResponseTo: request.id,
          assertionId: '_shared',
          acs: atB,
        })
        assert.equal(done.status, 303, done.body)
        const replay = await postResponse(f, login.browser, {
          inResponseTo: request.id,
          assertionId: '_shared',
        })
        assert.equal(replay.status, 400)
        assert.match(reasonCode(replay.body) ?? '', /^saml\.(in_response_to_mismatch|replayed)$/)
      } finally {
        await b.shutdown()
      }
    })
  })
}

describe('sqlite: SP signing key rotation', () => {
  it('publishes both SP certificates in the metadata during the overlap, then only the new one', async () => {
    const f = await setupSAML('sqlite')
    try {
      const certificates = async () =>
        [
          ...(await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text()).matchAll(
            /<ds:X509Certificate>/g,
          ),
        ].length
      assert.equal(await certificates(), 1)
      await f.admin.server.app.services.keys.rotate('saml')
      assert.equal(await certificates(), 2)
      await f.admin.server.app.services.keys.retire('saml')
      assert.equal(await certificates(), 1)
    } finally {
      await f.close()
    }
  })
})
