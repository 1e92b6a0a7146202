/**
 * SAML end-to-end fixtures: the Admin fixture plus a verified domain (through the loopback DNS server), an
 * SSO profile for a test IdP whose responses the test signs with K_A, a console client, and helpers that
 * play the IdP: read the AuthnRequest from the redirect and post a signed response to the ACS.
 */
import assert from 'node:assert/strict'
import { inflateRawSync } from 'node:zlib'
import * as client from 'openid-client'
import type { Clock } from '../../../src/platform/clock.ts'
import type { Engine } from '../../../src/storage/database.ts'
import { Browser, metaRefresh, type PageResponse } from '../../helpers/browser.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import {
  buildResponse,
  encode,
  K_A,
  sign,
  type ResponseOptions,
  type SignTarget,
  type TestKey,
} from '../../helpers/saml.ts'
import { xmlsecEncrypt, type EncryptOptions } from '../../helpers/saml-encryption.ts'
import { asRawCharacters, xmlsecSign } from '../../helpers/xmlsec.ts'
import { setupAdmin, type AdminFixture } from '../admin/admin.setup.ts'
import { authorizationRequest } from '../login/login.setup.ts'

export const IDP_ENTITY = 'https://idp-a.test'
export const IDP_SSO = 'https://idp-a.test/sso'
export const CALLBACK = 'http://127.0.0.1:9/callback'
export const INITIATE = 'http://127.0.0.1:9/start-login'

export interface SAMLFixture {
  readonly admin: AdminFixture
  readonly url: string
  readonly profileId: string
  readonly clientId: string
  readonly config: client.Configuration
  readonly dns: TestDNSServer
  readonly acsUrl: string
  readonly spEntityId: string
  /** Active user at orga.test with SSO required for them. */
  readonly userEmail: string
  readonly userId: string
  close(): Promise<void>
}

export async function setupSAML(
  engine: Engine,
  options: { clock?: Clock; config?: Record<string, string> } = {},
): Promise<SAMLFixture> {
  const dns = new TestDNSServer()
  const admin = await setupAdmin(engine, {
    config: { DNS_SERVERS: await dns.start(), ...options.config },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  const org = `/api/v1/orgs/${admin.a.orgId}`
  const added = await admin.api(admin.a.token, 'POST', `${org}/domains`, { name: 'orga.test' })
  const domain = added.json as { id: string; verification: { name: string; value: string } }
  dns.setTXT(domain.verification.name, [domain.verification.value])
  assert.equal(
    (await admin.api(admin.a.token, 'POST', `${org}/domains/${domain.id}/verify`)).status,
    200,
  )
  const { clientId } = await admin.server.app.services.clients.createClient({
    name: 'Console',
    redirectUris: [CALLBACK],
    initiateLoginUri: INITIATE,
    confidential: false,
  })
  const created = await admin.api(admin.a.token, 'POST', `${org}/sso-profiles`, {
    name: 'IdP A',
    idpEntityId: IDP_ENTITY,
    idpSsoUrl: IDP_SSO,
    certificates: [K_A.cert],
    domains: ['orga.test'],
    defaultClientId: clientId,
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const profile = created.json as { id: string; sp: { acsUrl: string; entityId: string } }
  const userEmail = 'ada@orga.test'
  const userId = await admin.addUser(admin.a, userEmail, 'member')
  const sso = await admin.api(admin.a.token, 'PUT', `${org}/users/${userId}/sso`, {
    mode: 'enabled',
    confirm: true,
  })
  assert.equal(sso.status, 200)
  // The metadata read from this instance directly: with a PUBLIC_URL behind a proxy (the deployment
  // test) the issuer is the proxy's address, which discovery would insist on fetching from.
  const metadata = (await (
    await fetch(`${admin.url}/.well-known/openid-configuration`)
  ).json()) as client.ServerMetadata
  const config = new client.Configuration(metadata, clientId, undefined, client.None())
  client.allowInsecureRequests(config)
  return {
    admin,
    url: admin.url,
    profileId: profile.id,
    clientId,
    config,
    dns,
    acsUrl: profile.sp.acsUrl,
    spEntityId: profile.sp.entityId,
    userEmail,
    userId,
    close: async () => {
      await admin.close()
      await dns.stop()
    },
  }
}

/** The AuthnRequest the browser was sent to the IdP with. */
export function readAuthnRequest(location: string): { id: string; xml: string; url: URL } {
  const url = new URL(location)
  const xml = inflateRawSync(
    Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64'),
  ).toString('utf8')
  const id = /ID="([^"]+)"/.exec(xml)?.[1] ?? ''
  return { id, xml, url }
}

export interface ConsoleLogin {
  readonly browser: Browser
  readonly verifier: string
  readonly state: string
  /** Where the login pages sent the browser: the IdP, with the AuthnRequest. */
  readonly idpRedirect: PageResponse
}

/** A console starts a login and the user enters an SSO-required email: ends at the IdP redirect. */
export async function startConsoleLogin(
  f: SAMLFixture,
  email = f.userEmail,
  browser = new Browser(),
  extra: Record<string, string> = {},
): Promise<ConsoleLogin> {
  const { url, verifier, state } = await authorizationRequest(f.config, {
    redirect_uri: CALLBACK,
    ...extra,
  })
  const emailPage = await browser.follow(url.href)
  const next = await browser.submit(emailPage, '/login/email', { email })
  // The email step depends on the domain alone: orga.test offers SSO without enforcing it, so the
  // SSO-required user is on the password page and chooses single sign-on, as a person would.
  const page = next.body.includes('action="/login/sso"')
    ? await browser.submit(next, '/login/sso', {})
    : next
  // The login pages hand over to the IdP with a meta refresh (a form's CSP would block a redirect).
  const target = metaRefresh(page)
  const idpRedirect = target === undefined ? page : { ...page, url: target }
  return { browser, verifier, state, idpRedirect }
}

/** The IdP's answer: a signed response for `nameId` posted by the browser to the ACS. */
export async function postResponse(
  f: SAMLFixture,
  browser: Browser,
  options: Partial<ResponseOptions> & {
    inResponseTo: string | null
    target?: SignTarget
    acs?: string
    /** The IdP key that signs (K_A unless given). */
    key?: TestKey
    /** Who signs the assertion: xml-crypto (default) or xmlsec1, a signer that is not our library. */
    signer?: 'xml-crypto' | 'xmlsec1'
    /** Encrypts the signed assertion by xmlsec1 (to `certificatePem`: the SP's from its metadata). */
    encrypt?: EncryptOptions
  },
): Promise<PageResponse> {
  const conn = {
    id: f.profileId,
    orgId: f.admin.a.orgId,
    idpEntityId: IDP_ENTITY,
    spEntityId: f.spEntityId,
    acsUrl: f.acsUrl,
    certificates: [K_A.cert],
    signaturePolicy: 'assertion' as const,
    assertionEncryption: 'off' as const,
    clockSkewMs: 120_000,
  }
  const unsigned = buildResponse({ conn, now: Date.now(), nameId: f.userEmail, ...options })
  const xml =
    options.signer === 'xmlsec1'
      ? asRawCharacters(xmlsecSign(unsigned, 'Assertion', options.key ?? K_A))
      : sign(
          unsigned,
          options.target ?? 'assertion',
          options.key === undefined ? {} : { key: options.key },
        )
  const sent = options.encrypt === undefined ? xml : xmlsecEncrypt(xml, options.encrypt)
  return browser.request(options.acs ?? f.acsUrl, { form: { SAMLResponse: encode(sent) } })
}
