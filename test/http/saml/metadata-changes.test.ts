/**
 * What a metadata refresh may change, and who hears of it, on both databases: every change audited and
 * mailed to the organization's admins (through the outbox, to a real SMTP server on loopback); a profile
 * can hold changes until a connection test of them passes (approve) or an admin rejects them; held
 * metadata never signs anyone in; expired metadata is not used, and its expiry is announced before.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { Browser, metaRefresh, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { K_A, testKey, type TestKey } from '../../helpers/saml.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import { errorCode } from '../admin/admin.setup.ts'
import {
  IDP_ENTITY,
  IDP_SSO,
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

const NEXT = testKey('idp-a-next')
const DAY = 24 * 3600_000
const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
const metadata = (o: { certs: TestKey[]; sso?: string; entity?: string; validUntil?: number }) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${o.entity ?? IDP_ENTITY}"` +
  (o.validUntil === undefined ? '' : ` validUntil="${new Date(o.validUntil).toISOString()}"`) +
  ` cacheDuration="PT1H"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
  o.certs
    .map(
      (k) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body(k.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('') +
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${o.sso ?? IDP_SSO}"/>` +
  `</md:IDPSSODescriptor></md:EntityDescriptor>`

for (const dialect of DIALECTS) {
  describe(`${dialect}: IdP metadata changes and expiry`, () => {
    let f: SAMLFixture
    let server: Server
    let served = metadata({ certs: [K_A] })
    const smtp = new TestSMTPServer()
    const clock = new ManualClock(Date.now())
    before(async () => {
      server = createServer((_request, response) =>
        response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(served),
      )
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      f = await setupSAML(dialect, {
        clock,
        config: { METADATA_ALLOW_PRIVATE_ADDRESSES: 'true', SMTP_URL: await smtp.start() },
      })
      // The fixture's profile (ada@orga.test signs in through it) now follows a metadata URL.
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`
      const patched = await api('PATCH', profile(), { idpMetadataUrl: url })
      assert.equal(patched.status, 200, JSON.stringify(patched.json))
    })
    after(async () => {
      await f.close()
      await smtp.stop()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    const profile = () => `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}`
    const api = (method: string, path: string, json?: unknown) =>
      f.admin.api(f.admin.a.token, method, path, json)
    const services = () => f.admin.server.app.services
    /** Runs the refresh as the hourly job would, an hour later. */
    const refresh = async () => {
      clock.advance(3600_000 + 1)
      return services().metadataRefresh.refreshDueMetadata()
    }
    const pinned = async () =>
      ((await api('GET', profile())).json['certificates'] as { sha256Fingerprint: string }[]).map(
        (c) => c.sha256Fingerprint,
      )
    const audits = async (type: string) =>
      f.admin.server.app.database.db
        .selectFrom('audit_events')
        .select(['details', 'actor_type', 'actor_id'])
        .where('type', '=', type)
        .where('target_id', '=', f.profileId)
        .execute()
    /** A response for ada signed with `key`, answering `inResponseTo` (the SubjectConfirmation's too, unless given). */
    const respond = (browser: Browser, key: TestKey, inResponseTo: string, scd?: string) =>
      postResponse(f, browser, {
        key,
        inResponseTo,
        now: clock.now(),
        ...(scd === undefined ? {} : { scdInResponseTo: scd }),
      })

    it('applies a change at once, audits what changed and mails the admins', async () => {
      served = metadata({ certs: [K_A, NEXT], sso: `${IDP_SSO}/v2` })
      assert.deepEqual(await refresh(), { refreshed: 1, failed: 0 })
      assert.equal((await pinned()).length, 2)
      assert.equal((await api('GET', profile())).json['idpSsoUrl'], `${IDP_SSO}/v2`)
      const [event] = await audits('sso.metadata_changed')
      const details = JSON.parse(String(event?.details)) as Record<string, unknown>
      assert.equal((details['certificatesAdded'] as string[]).length, 1)
      assert.deepEqual(details['ssoUrl'], { from: IDP_SSO, to: `${IDP_SSO}/v2` })
      const sent = await services().outbox.drain()
      assert.ok(sent.sent >= 1, JSON.stringify(sent))
      const mail = smtp.received.find((m) => m.to.includes(f.admin.a.ownerEmail))
      assert.match(mail?.body ?? '', /Certificate added/)
      // A refresh that changes nothing is neither audited nor mailed again.
      await refresh()
      assert.equal((await audits('sso.metadata_changed')).length, 1)
      assert.deepEqual(await services().outbox.drain(), { sent: 0, failed: 0 })
      served = metadata({ certs: [K_A] })
      await refresh()
    })

    it('refuses, audits and reports a new entity ID, keeping the last good copy', async () => {
      served = metadata({ certs: [NEXT], entity: 'https://someone-else.test' })
      assert.deepEqual(await refresh(), { refreshed: 0, failed: 1 })
      assert.equal((await audits('sso.metadata_refused')).length, 1)
      assert.equal((await pinned()).length, 1)
      served = metadata({ certs: [K_A] })
      await refresh()
    })

    it('holds a change for approval; held metadata never signs anyone in; rejecting keeps it out', async () => {
      const held = await api('PATCH', profile(), { metadataChangePolicy: 'hold' })
      assert.equal(held.json['metadataChangePolicy'], 'hold')
      const before = await pinned()
      served = metadata({ certs: [NEXT] })
      await refresh()
      assert.deepEqual(await pinned(), before, 'the current certificates keep serving')
      const staged = (await api('GET', profile())).json['stagedMetadata'] as Record<string, unknown>
      assert.equal(staged['status'], 'pending')
      assert.equal((staged['certificatesRemoved'] as string[]).length, 1)
      assert.equal((await audits('sso.metadata_change_held')).length, 1)

      // A login answered with the held key is refused, and so is one dressed up as the held test.
      const login = await startConsoleLogin(f)
      const loginRequest = readAuthnRequest(login.idpRedirect.url).id
      const plain = await respond(login.browser, NEXT, loginRequest)
      assert.equal(reasonCode(plain.body), 'saml.signature_invalid')
      const test = await api('POST', `${profile()}/staged-metadata/test`)
      assert.equal(test.status, 200, JSON.stringify(test.json))
      const confirm = await login.browser.request(test.json['testUrl'] as string)
      const handover = await login.browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      const testRequest = readAuthnRequest(metaRefresh(handover) ?? '').id
      const again = await startConsoleLogin(f, f.userEmail, login.browser)
      const dressed = await respond(
        login.browser,
        NEXT,
        testRequest,
        readAuthnRequest(again.idpRedirect.url).id,
      )
      // Recorded as a failed test of the held metadata (mismatched InResponseTo), nothing more.
      assert.notEqual(dressed.status, 303, 'no sign-in')
      assert.match(dressed.body, /Connection test failed/)
      assert.equal(login.browser.cookie('portcullis_session'), undefined)

      const rejected = await api('POST', `${profile()}/staged-metadata/reject`)
      assert.equal((rejected.json['stagedMetadata'] as { status: string }).status, 'rejected')
      await refresh()
      assert.equal((await audits('sso.metadata_change_held')).length, 1, 'not held again')
      assert.equal(
        errorCode((await api('POST', `${profile()}/staged-metadata/test`)).json),
        'sso.no_staged_metadata',
      )
    })

    it('applies held metadata when a connection test of it passes, audited as the approving admin', async () => {
      served = metadata({ certs: [NEXT], sso: `${IDP_SSO}/held` })
      await refresh()
      assert.equal(
        ((await api('GET', profile())).json['stagedMetadata'] as { status: string }).status,
        'pending',
      )
      const test = await api('POST', `${profile()}/staged-metadata/test`)
      const browser = new Browser()
      const confirm = await browser.request(test.json['testUrl'] as string)
      const handover = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      const request = readAuthnRequest(metaRefresh(handover) ?? '')
      assert.equal(request.url.origin + request.url.pathname, `${IDP_SSO}/held`)
      const result = await respond(browser, NEXT, request.id)
      assert.match(result.body, /Connection test passed/)
      const after = await api('GET', profile())
      assert.equal(after.json['stagedMetadata'], null)
      assert.equal(after.json['idpSsoUrl'], `${IDP_SSO}/held`)
      assert.equal((after.json['certificates'] as unknown[]).length, 1)
      const [approved] = await audits('sso.metadata_approved')
      assert.equal(approved?.actor_type, 'admin_token')
    })

    it('stops using expired metadata and warns 14 days before, once', async () => {
      await api('PATCH', profile(), { metadataChangePolicy: 'apply' })
      served = metadata({
        certs: [NEXT],
        sso: `${IDP_SSO}/held`,
        validUntil: clock.now() + 10 * DAY,
      })
      await refresh()
      const soon = (await api('GET', profile())).json['warnings'] as { code: string }[]
      assert.deepEqual(
        soon.map((w) => w.code),
        ['metadata_expires_soon'],
      )
      assert.deepEqual(await services().metadataRefresh.warnExpiring(), { warned: 1 })
      assert.deepEqual(await services().metadataRefresh.warnExpiring(), { warned: 0 })
      await services().outbox.drain()
      assert.ok(smtp.received.some((m) => /The IdP metadata expires soon/.test(m.body)))
      // The metadata URL now fails; ten days later the last good copy has expired and is not used.
      served = 'not metadata'
      clock.advance(10 * DAY + 1)
      await services().metadataRefresh.refreshDueMetadata()
      const expired = await api('GET', profile())
      assert.equal(expired.json['usable'], false)
      assert.deepEqual(
        (expired.json['warnings'] as { code: string }[]).map((w) => w.code),
        ['metadata_expired'],
      )
      const login = await new Browser().request(f.acsUrl, { form: { SAMLResponse: 'x' } })
      assert.equal(reasonCode(login.body), 'saml.metadata_expired')
    })
  })
}
