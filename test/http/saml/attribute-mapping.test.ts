/**
 * SAML attribute mapping on every engine: presets chosen from the IdP entity ID, a mapping set through
 * the Admin API, names updated from the signed assertion at sign-in (audited old → new), unusable values
 * ignored with an audit detail and never blocking the sign-in, the email never touched.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Browser, metaRefresh } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { K_A } from '../../helpers/saml.ts'
import { errorCode } from '../admin/admin.setup.ts'
import {
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

const XMLSOAP = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims'
const ENTRA = {
  givenName: `${XMLSOAP}/givenname`,
  familyName: `${XMLSOAP}/surname`,
  displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: SAML attribute mapping`, () => {
    let f: SAMLFixture
    const org = () => `/api/v1/orgs/${f.admin.a.orgId}`
    const profile = () => `${org()}/sso-profiles/${f.profileId}`
    const user = async () =>
      (await f.admin.api(f.admin.a.token, 'GET', `${org()}/users/${f.userId}`)).json as Record<
        string,
        unknown
      >
    const signIn = async (
      attributes: Record<string, string | readonly string[]>,
      signer: 'xml-crypto' | 'xmlsec1' = 'xml-crypto',
    ) => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      return postResponse(f, login.browser, {
        inResponseTo: request.id,
        attributes: { email: f.userEmail, ...attributes },
        signer,
      })
    }
    const lastEvent = async (type: string) => {
      const audit = await f.admin.api(f.admin.a.token, 'GET', `${org()}/audit-events?type=${type}`)
      return (audit.json['events'] as { details: Record<string, unknown> }[])[0]
    }

    before(async () => {
      f = await setupSAML(dialect)
    })
    after(() => f?.close())

    it('chooses a preset from an IdP entity ID that names its product, and keeps a mapping it has', async () => {
      const create = (idpEntityId: string) =>
        f.admin.api(f.admin.a.token, 'POST', `${org()}/sso-profiles`, {
          name: `P ${idpEntityId.length}-${Math.random()}`,
          idpEntityId,
          idpSsoUrl: 'https://login.example.test/sso',
          certificates: [K_A.cert],
        })
      const entra = await create('https://sts.windows.net/4f0c1f5e-8a3f-4b53-9f8d-2f1f6c6d9a11/')
      assert.deepEqual(entra.json['attributeMapping'], ENTRA)
      const okta = await create('http://www.okta.com/exk1fcia6d6EMsf331d8')
      assert.deepEqual(okta.json['attributeMapping'], {
        givenName: 'firstName',
        familyName: 'lastName',
        displayName: 'displayName',
      })
      const unknown = await create('https://idp.unknown.test/saml')
      assert.deepEqual(unknown.json['attributeMapping'], {})
      // Our fixture's IdP is no known product: its profile starts unmapped.
      assert.deepEqual(
        (await f.admin.api(f.admin.a.token, 'GET', profile())).json['attributeMapping'],
        {},
      )
    })

    it('remembers the IdP product a profile is set up with, and takes its preset unless a mapping is given', async () => {
      const create = (body: Record<string, unknown>) =>
        f.admin.api(f.admin.a.token, 'POST', `${org()}/sso-profiles`, {
          name: `Product ${Math.random()}`,
          ...body,
        })
      const keycloak = await create({ idpProduct: 'keycloak' })
      assert.equal(keycloak.status, 201)
      assert.equal(keycloak.json['idpProduct'], 'keycloak')
      assert.deepEqual(keycloak.json['attributeMapping'], {
        givenName: 'firstName',
        familyName: 'lastName',
      })
      // "Other" has no preset; an explicit mapping wins over the product's.
      const other = await create({ idpProduct: 'other' })
      assert.equal(other.json['idpProduct'], 'other')
      assert.deepEqual(other.json['attributeMapping'], {})
      const own = await create({ idpProduct: 'okta', attributeMapping: { givenName: 'gn' } })
      assert.deepEqual(own.json['attributeMapping'], { givenName: 'gn' })
      // Choosing another product later picks its preset; null forgets the product, keeping the mapping.
      const path = `${org()}/sso-profiles/${String(other.json['id'])}`
      const entra = await f.admin.api(f.admin.a.token, 'PATCH', path, { idpProduct: 'entra-id' })
      assert.equal(entra.json['idpProduct'], 'entra-id')
      assert.deepEqual(entra.json['attributeMapping'], ENTRA)
      const cleared = await f.admin.api(f.admin.a.token, 'PATCH', path, { idpProduct: null })
      assert.equal(cleared.json['idpProduct'], null)
      assert.deepEqual(cleared.json['attributeMapping'], ENTRA)
      // Anything else is refused, changing nothing.
      const refused = await f.admin.api(f.admin.a.token, 'PATCH', path, {
        idpProduct: 'shibboleth',
      })
      assert.equal(refused.status, 400)
      assert.equal(errorCode(refused.json), 'request.invalid')
      assert.equal((await f.admin.api(f.admin.a.token, 'GET', path)).json['idpProduct'], null)
    })

    it('refuses a malformed mapping, changing nothing', async () => {
      for (const attributeMapping of [
        { email: 'mail' },
        { givenName: '' },
        { givenName: 'a\u0007b' },
        { givenName: 'x'.repeat(257) },
      ]) {
        const refused = await f.admin.api(f.admin.a.token, 'PATCH', profile(), { attributeMapping })
        assert.equal(refused.status, 400, JSON.stringify(attributeMapping))
        assert.ok(
          ['request.invalid', 'sso.invalid_settings'].includes(errorCode(refused.json) ?? ''),
          JSON.stringify(refused.json),
        )
      }
      assert.deepEqual(
        (await f.admin.api(f.admin.a.token, 'GET', profile())).json['attributeMapping'],
        {},
      )
    })

    it('leaves names alone while nothing is mapped', async () => {
      const page = await signIn({ [ENTRA.givenName]: 'Ignored' })
      assert.equal(page.status, 303)
      assert.equal((await user())['givenName'], null)
    })

    it('lets a first passing connection test choose the preset its claims show, and says what it would set', async () => {
      const runTest = async (options: {
        audience?: string
        attributes: Record<string, string>
      }) => {
        const started = await f.admin.api(f.admin.a.token, 'POST', `${profile()}/test`)
        const browser = new Browser()
        const confirm = await browser.request(started.json['testUrl'] as string)
        const handover = await browser.submit(confirm, `/saml/${f.profileId}/test`, {})
        const request = readAuthnRequest(metaRefresh(handover) ?? '')
        return postResponse(f, browser, {
          inResponseTo: request.id,
          ...options,
          attributes: { email: f.userEmail, ...options.attributes },
        })
      }
      const okta = { firstName: 'Ada', lastName: 'Lovelace', displayName: 'Ada L.' }
      const failed = await runTest({ audience: 'https://wrong.test', attributes: okta })
      assert.match(failed.body, /Connection test failed/)
      assert.deepEqual(
        (await f.admin.api(f.admin.a.token, 'GET', profile())).json['attributeMapping'],
        {},
      )
      const passed = await runTest({ attributes: okta })
      assert.match(passed.body, /Connection test passed/)
      const after = (await f.admin.api(f.admin.a.token, 'GET', profile())).json
      assert.deepEqual(after['attributeMapping'], {
        givenName: 'firstName',
        familyName: 'lastName',
        displayName: 'displayName',
      })
      const result = (after['lastTest'] as { result: { mapping: Record<string, unknown> } }).result
      assert.deepEqual(result.mapping['wouldSet'], {
        givenName: 'Ada',
        familyName: 'Lovelace',
        displayName: 'Ada L.',
      })
      assert.equal((await user())['givenName'], null, 'a test changes no user')
      assert.deepEqual((await lastEvent('sso.test_passed'))?.details['attributeMapping'], {
        from: {},
        to: { givenName: 'firstName', familyName: 'lastName', displayName: 'displayName' },
      })
      await f.admin.api(f.admin.a.token, 'PATCH', profile(), { attributeMapping: {} })
      assert.deepEqual((await lastEvent('sso.profile_updated'))?.details['attributeMapping'], {
        from: { givenName: 'firstName', familyName: 'lastName', displayName: 'displayName' },
        to: {},
      })
    })

    it('updates names from the signed assertion through the mapping, audited old → new, never the email', async () => {
      const set = await f.admin.api(f.admin.a.token, 'PATCH', profile(), {
        attributeMappingPreset: 'entra-id',
      })
      assert.equal(set.status, 200, JSON.stringify(set.json))
      assert.deepEqual(set.json['attributeMapping'], ENTRA)
      const page = await signIn({
        [ENTRA.givenName]: 'Ada',
        [ENTRA.familyName]: 'Lovelace',
        [ENTRA.displayName]: 'Ada Lovelace',
        [`${XMLSOAP}/emailaddress`]: 'someone-else@orga.test',
        'http://schemas.microsoft.com/ws/2008/06/identity/claims/role': 'admin',
      })
      assert.equal(page.status, 303)
      const after = await user()
      assert.equal(after['givenName'], 'Ada')
      assert.equal(after['familyName'], 'Lovelace')
      assert.equal(after['displayName'], 'Ada Lovelace')
      assert.equal(after['email'], f.userEmail)
      assert.equal(after['role'], 'member')
      const event = await lastEvent('user.names_updated')
      assert.deepEqual(event?.details['changes'], {
        givenName: { from: null, to: 'Ada' },
        familyName: { from: null, to: 'Lovelace' },
        displayName: { from: null, to: 'Ada Lovelace' },
      })
      assert.equal(event?.details['ssoProfileId'], f.profileId)
      // The same names again: nothing to write, nothing audited.
      const count = async () =>
        (
          (
            await f.admin.api(
              f.admin.a.token,
              'GET',
              `${org()}/audit-events?type=user.names_updated`,
            )
          ).json['events'] as unknown[]
        ).length
      const before = await count()
      await signIn({
        [ENTRA.givenName]: 'Ada',
        [ENTRA.familyName]: 'Lovelace',
        [ENTRA.displayName]: 'Ada Lovelace',
      })
      assert.equal(await count(), before)
    })

    it('ignores values that cannot be names, signs the user in anyway, and says why in the audit', async () => {
      const page = await signIn({
        [ENTRA.givenName]: ['Augusta', 'Ada'],
        [ENTRA.familyName]: 'x'.repeat(201),
        [ENTRA.displayName]: 'Countess\u0007of Lovelace',
      })
      assert.equal(page.status, 303, 'the sign-in succeeds')
      const after = await user()
      assert.equal(after['givenName'], 'Ada')
      assert.equal(after['familyName'], 'Lovelace')
      assert.equal(after['displayName'], 'Ada Lovelace')
      const login = await lastEvent('login.succeeded')
      assert.deepEqual(login?.details['ignoredAttributes'], [
        { field: 'givenName', attribute: ENTRA.givenName, reason: 'multi_valued' },
        { field: 'familyName', attribute: ENTRA.familyName, reason: 'too_long' },
        { field: 'displayName', attribute: ENTRA.displayName, reason: 'control_characters' },
      ])
    })

    it('signs in a user whose IdP names hold NEL, U+2028 or a bidi override, leaving those values out', async () => {
      // NEL and U+2028 were turned into "\n" by XML 1.1 line-ending rules, so the signature was checked
      // over other bytes than the IdP signed. xmlsec1 signs the bytes as they are, as IdPs do.
      const page = await signIn(
        {
          [ENTRA.givenName]: 'Ada\u0085Augusta',
          [ENTRA.familyName]: 'Love\u2028lace',
          [ENTRA.displayName]: 'Ada \u202Etxt.exe',
        },
        'xmlsec1',
      )
      assert.equal(page.status, 303, 'the sign-in succeeds')
      const after = await user()
      assert.equal(after['givenName'], 'Ada')
      assert.equal(after['displayName'], 'Ada Lovelace')
      const login = await lastEvent('login.succeeded')
      assert.deepEqual(login?.details['ignoredAttributes'], [
        { field: 'givenName', attribute: ENTRA.givenName, reason: 'control_characters' },
        { field: 'familyName', attribute: ENTRA.familyName, reason: 'control_characters' },
        { field: 'displayName', attribute: ENTRA.displayName, reason: 'control_characters' },
      ])
    })

    it('takes a mapping the admin writes', async () => {
      const set = await f.admin.api(f.admin.a.token, 'PATCH', profile(), {
        attributeMapping: { givenName: 'first', familyName: null },
      })
      assert.deepEqual(set.json['attributeMapping'], { givenName: 'first' })
      const changed = await lastEvent('sso.profile_updated')
      assert.deepEqual(changed?.details['attributeMapping'], {
        from: ENTRA,
        to: { givenName: 'first' },
      })
      // The same mapping again changes nothing, so no mapping change is recorded.
      await f.admin.api(f.admin.a.token, 'PATCH', profile(), {
        attributeMapping: { givenName: 'first' },
      })
      assert.equal((await lastEvent('sso.profile_updated'))?.details['attributeMapping'], undefined)
      await signIn({ first: 'Augusta', [ENTRA.familyName]: 'Byron' })
      const after = await user()
      assert.equal(after['givenName'], 'Augusta')
      assert.equal(after['familyName'], 'Lovelace', 'an unmapped field is left as it is')
    })
  })
}
