/**
 * Encrypted assertions over HTTP on both engines (issue 28): the SP metadata publishes the encryption
 * certificate only while the profile accepts encryption; an assertion encrypted (by xmlsec1) to the
 * certificate read from that metadata signs the user in; a rotation publishes both keys and both
 * decrypt until the old one is retired; `required` refuses plaintext; every refusal is audited.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { xmlsecAvailable } from '../../helpers/xmlsec.ts'
import {
  CALLBACK,
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`

for (const dialect of DIALECTS) {
  describe(`${dialect}: encrypted SAML assertions`, { skip: !xmlsecAvailable() }, () => {
    let f: SAMLFixture
    before(async () => {
      f = await setupSAML(dialect)
    })
    after(async () => f?.close())

    const profileUrl = () => `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}`
    const setEncryption = async (assertionEncryption: string) => {
      const changed = await f.admin.api(f.admin.a.token, 'PATCH', profileUrl(), {
        assertionEncryption,
      })
      assert.equal(changed.status, 200, JSON.stringify(changed.json))
      assert.equal(changed.json['assertionEncryption'], assertionEncryption)
    }
    /** The encryption certificates the SP metadata publishes (PEM), and its EncryptionMethods. */
    const published = async () => {
      const xml = await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text()
      const blocks = [
        ...xml.matchAll(/<md:KeyDescriptor use="encryption">([\s\S]*?)<\/md:KeyDescriptor>/g),
      ]
      return {
        certificates: blocks.map((b) =>
          pem(/<ds:X509Certificate>([^<]+)</.exec(b[1] ?? '')?.[1] ?? ''),
        ),
        methods: [
          ...(blocks[0]?.[1] ?? '').matchAll(/<md:EncryptionMethod Algorithm="([^"]+)"/g),
        ].map((m) => m[1]),
      }
    }
    const signIn = async (certificatePem: string | undefined) => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      return postResponse(f, login.browser, {
        inResponseTo: request.id,
        ...(certificatePem !== undefined && { encrypt: { certificatePem } }),
      })
    }
    const lastFailure = async () =>
      await f.admin.server.app.database.db
        .selectFrom('audit_events')
        .select(['reason_code', 'details'])
        .where('type', '=', 'login.failed')
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst()

    it('publishes no encryption key while encryption is off, and refuses an encrypted assertion', async () => {
      assert.deepEqual((await published()).certificates, [])
      const keys = await f.admin.server.app.services.keys.decryptionKeys()
      const refused = await signIn(pem(keys[0]?.certificate ?? ''))
      assert.equal(refused.status, 400)
      assert.equal(reasonCode(refused.body), 'saml.encrypted_unsupported')
      assert.equal((await lastFailure())?.reason_code, 'saml.encrypted_unsupported')
    })

    it('signs in with an assertion encrypted to the certificate its metadata publishes', async () => {
      await setEncryption('accepted')
      const { certificates, methods } = await published()
      assert.equal(certificates.length, 1)
      assert.deepEqual(methods.slice(0, 2), [
        'http://www.w3.org/2009/xmlenc11#aes256-gcm',
        'http://www.w3.org/2009/xmlenc11#aes128-gcm',
      ])
      const back = await signIn(certificates[0])
      assert.equal(back.status, 303, back.body)
      assert.ok((back.headers.get('location') ?? '').startsWith(CALLBACK))
      // Plaintext still works while encryption is only accepted.
      assert.equal((await signIn(undefined)).status, 303)
    })

    it('decrypts with both keys during a rotation, and only with the new one once the old is retired', async () => {
      const [old] = (await published()).certificates
      await f.admin.server.app.services.keys.rotate('saml-encryption')
      const rotating = (await published()).certificates
      assert.equal(rotating.length, 2)
      assert.notEqual(rotating[0], old, 'the new key comes first')
      assert.equal(rotating[1], old)
      assert.equal((await signIn(old)).status, 303)
      assert.equal((await signIn(rotating[0])).status, 303)
      assert.equal(await f.admin.server.app.services.keys.retire('saml-encryption'), 1)
      assert.deepEqual((await published()).certificates, [rotating[0]])
      const refused = await signIn(old)
      assert.equal(reasonCode(refused.body), 'saml.decryption_failed')
      assert.equal((await lastFailure())?.reason_code, 'saml.decryption_failed')
      assert.equal((await signIn(rotating[0])).status, 303)
    })

    it('refuses a plaintext assertion when the profile requires encryption', async () => {
      await setEncryption('required')
      const refused = await signIn(undefined)
      assert.equal(refused.status, 400)
      assert.equal(reasonCode(refused.body), 'saml.encryption_required')
      assert.equal((await signIn((await published()).certificates[0])).status, 303)
      const invalid = await f.admin.api(f.admin.a.token, 'PATCH', profileUrl(), {
        assertionEncryption: 'sometimes',
      })
      assert.equal(invalid.status, 400)
      await setEncryption('off')
      assert.deepEqual((await published()).certificates, [])
    })

    it('keeps an unknown browser out even with a valid encrypted response (no side door)', async () => {
      await setEncryption('accepted')
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      const stranger = new Browser()
      const certificate = (await published()).certificates[0]
      const refused = await postResponse(f, stranger, {
        inResponseTo: request.id,
        encrypt: { certificatePem: certificate ?? '' },
      })
      assert.equal(reasonCode(refused.body), 'saml.in_response_to_mismatch')
      assert.equal(stranger.cookie('portcullis_session'), undefined)
    })
  })
}
