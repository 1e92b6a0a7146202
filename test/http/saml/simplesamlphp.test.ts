/**
 * End to end with a real, independent IdP: SimpleSAMLphp (Debian) signs the responses and checks our
 * signed AuthnRequests. openid-client plays the console. On both databases.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { browse, SimpleSAMLphp } from '../../helpers/simplesamlphp.ts'
import { CALLBACK, INITIATE, setupSAML, startConsoleLogin, type SAMLFixture } from './saml.setup.ts'

const ADA = {
  username: 'ada',
  password: 'ada-secret',
  email: 'ada@orga.test',
  attributes: {
    givenName: ['Ada'],
    sn: ['Lovelace'],
    displayName: ['Ada Lovelace'],
    memberOf: ['cn=staff,ou=groups,dc=orga,dc=test', 'cn=console-admins,ou=groups,dc=orga,dc=test'],
  },
}
const STRANGER = { username: 'stranger', password: 'stranger-secret', email: 'stranger@orga.test' }

for (const dialect of DIALECTS) {
  describe(`${dialect}: SAML with SimpleSAMLphp`, () => {
    let f: SAMLFixture
    const idp = new SimpleSAMLphp([ADA, STRANGER])
    before(async () => {
      await idp.start()
      f = await setupSAML(dialect)
      // Configure the profile the way an administrator would: upload the IdP's published metadata.
      const idpMetadata = await (await fetch(`${idp.baseUrl}/saml2/idp/metadata.php`)).text()
      const updated = await f.admin.api(
        f.admin.a.token,
        'PUT',
        `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}/idp-metadata`,
        idpMetadata,
        { 'content-type': 'application/samlmetadata+xml' },
      )
      assert.equal(updated.status, 200, JSON.stringify(updated.json))
      assert.equal(updated.json['idpEntityId'], idp.entityId)
      const certificate = /<ds:X509Certificate>([^<]+)</.exec(
        await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text(),
      )?.[1]
      idp.addServiceProvider(f.spEntityId, f.acsUrl, certificate ?? '')
    })
    after(async () => {
      await f?.close()
      await idp.stop()
    })

    it('logs in SP-initiated: console → Portcullis → SimpleSAMLphp → ACS → code with amr saml', async () => {
      const login = await startConsoleLogin(f, ADA.email)
      const landed = await browse(login.browser, login.idpRedirect, ADA, (url) =>
        url.startsWith(CALLBACK),
      )
      assert.ok(
        landed.url.startsWith(CALLBACK),
        `ended at ${landed.url}: ${landed.body.slice(0, 500)}\n${idp.log().slice(-2000)}`,
      )
      const tokens = await client.authorizationCodeGrant(f.config, new URL(landed.url), {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
      })
      assert.equal(tokens.claims()?.['email'], ADA.email)
      assert.deepEqual(tokens.claims()?.['amr'], ['saml'])
    })

    it('turns an IdP-initiated login into an SP-initiated one and lands in the default console', async () => {
      const browser = new Browser()
      const start = await browser.request(
        `${idp.baseUrl}/saml2/idp/SSOService.php?spentityid=${encodeURIComponent(f.spEntityId)}`,
      )
      const landed = await browse(browser, start, ADA, (url) => url.startsWith(INITIATE))
      assert.ok(
        landed.url.startsWith(INITIATE),
        `ended at ${landed.url}: ${landed.body.slice(0, 500)}`,
      )
      assert.ok(browser.cookie('portcullis_session'))
      const events = await f.admin.server.app.database.db
        .selectFrom('audit_events')
        .select('type')
        .where('type', '=', 'saml.unsolicited_converted')
        .execute()
      assert.ok(events.length >= 1)
    })

    it('makes a member an admin from the memberOf values SimpleSAMLphp sends (role mapping, issue 28)', async () => {
      const org = `/api/v1/orgs/${f.admin.a.orgId}`
      const rule = {
        source: 'saml_attribute',
        attribute: 'memberOf',
        match: 'cn=console-admins,ou=groups,dc=orga,dc=test',
        role: 'admin',
      }
      const saved = await f.admin.api(f.admin.a.token, 'PUT', `${org}/role-mapping`, {
        enabled: true,
        rules: [rule],
      })
      assert.equal(saved.status, 200, JSON.stringify(saved.json))
      assert.equal(
        (await f.admin.api(f.admin.a.token, 'GET', `${org}/users/${f.userId}`)).json['role'],
        'member',
      )
      const login = await startConsoleLogin(f, ADA.email)
      const landed = await browse(login.browser, login.idpRedirect, ADA, (url) =>
        url.startsWith(CALLBACK),
      )
      assert.ok(landed.url.startsWith(CALLBACK), landed.body.slice(0, 500))
      const tokens = await client.authorizationCodeGrant(f.config, new URL(landed.url), {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
      })
      assert.ok(tokens.access_token)
      const user = (await f.admin.api(f.admin.a.token, 'GET', `${org}/users/${f.userId}`)).json
      assert.equal(user['role'], 'admin')
      const { role: _role, ...origin } = rule
      assert.deepEqual(user['roleFrom'], { mapping: true, rule: origin })
      const off = await f.admin.api(f.admin.a.token, 'PUT', `${org}/role-mapping`, {
        enabled: false,
        rules: [],
      })
      assert.equal(off.status, 200)
      const back = await f.admin.api(f.admin.a.token, 'PATCH', `${org}/users/${f.userId}`, {
        role: 'member',
      })
      assert.equal(back.status, 200, JSON.stringify(back.json))
    })

    it('refuses a user the IdP knows but the organization does not manage (no JIT)', async () => {
      const login = await startConsoleLogin(f, ADA.email)
      const page = await browse(login.browser, login.idpRedirect, STRANGER, (url) =>
        url.startsWith(CALLBACK),
      )
      assert.equal(page.status, 403, page.body.slice(0, 300))
      assert.equal(reasonCode(page.body), 'saml.unknown_user')
      assert.equal(login.browser.cookie('portcullis_session'), undefined)
    })

    it('passes a connection test against SimpleSAMLphp', async () => {
      const started = await f.admin.api(
        f.admin.a.token,
        'POST',
        `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}/test`,
      )
      const browser = new Browser()
      // Started with an API token: confirm where the test leads, then the IdP.
      const confirm = await browser.request(started.json['testUrl'] as string)
      const handover = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      const page = await browse(browser, handover, ADA, () => false)
      assert.match(page.body, /Connection test passed/, page.body.slice(0, 1000))
      assert.equal(browser.cookie('portcullis_session'), undefined)
    })

    it('sets the user’s names from SimpleSAMLphp’s attributes through the mapping, and the test shows it', async () => {
      const profile = `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}`
      const mapped = await f.admin.api(f.admin.a.token, 'PATCH', profile, {
        attributeMapping: { givenName: 'givenName', familyName: 'sn', displayName: 'displayName' },
      })
      assert.equal(mapped.status, 200, JSON.stringify(mapped.json))
      const login = await startConsoleLogin(f, ADA.email)
      const landed = await browse(login.browser, login.idpRedirect, ADA, (url) =>
        url.startsWith(CALLBACK),
      )
      assert.ok(landed.url.startsWith(CALLBACK), landed.body.slice(0, 500))
      const user = await f.admin.api(
        f.admin.a.token,
        'GET',
        `/api/v1/orgs/${f.admin.a.orgId}/users/${f.userId}`,
      )
      assert.equal(user.json['givenName'], 'Ada')
      assert.equal(user.json['familyName'], 'Lovelace')
      assert.equal(user.json['displayName'], 'Ada Lovelace')

      const started = await f.admin.api(f.admin.a.token, 'POST', `${profile}/test`)
      const browser = new Browser()
      const confirm = await browser.request(started.json['testUrl'] as string)
      const handover = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
      const page = await browse(browser, handover, ADA, () => false)
      assert.match(page.body, /Names from the attribute mapping/)
      assert.match(page.body, /<dt>Given name<\/dt>\s*<dd class="identity">Ada<\/dd>/)
      const tested = await f.admin.api(f.admin.a.token, 'GET', profile)
      const result = (tested.json['lastTest'] as { result: Record<string, unknown> }).result
      assert.deepEqual((result['mapping'] as Record<string, unknown>)['wouldSet'], {
        givenName: 'Ada',
        familyName: 'Lovelace',
        displayName: 'Ada Lovelace',
      })
    })
  })
}
