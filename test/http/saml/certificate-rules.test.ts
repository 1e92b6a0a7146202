/**
 * IdP certificate rules as documented, on every path a certificate comes in by (by hand, metadata upload,
 * metadata URL, refresh), on both databases: at most five per profile; RSA ≥ 2048 or EC P-256/384/521;
 * valid now; one certificate per entry; SHA-1 signatures and 30-year validity only warn.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { selfSignedCertificate } from '../../../src/platform/self-signed-certificate.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import { K_A } from '../../helpers/saml.ts'
import { errorCode } from '../admin/admin.setup.ts'
import { setupSAML, type SAMLFixture } from './saml.setup.ts'

/** A certificate made by OpenSSL: `args` go to `openssl req -x509`. */
function openssl(...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-cert-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-nodes',
        '-subj',
        '/CN=idp.test',
        '-keyout',
        join(dir, 'k'),
        '-out',
        join(dir, 'c'),
        ...args,
      ],
      { stdio: 'ignore' },
    )
    return readFileSync(join(dir, 'c'), 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const rsa = (...extra: string[]) => openssl('-newkey', 'rsa:2048', '-days', '30', ...extra)
const ec = (curve: string) =>
  openssl('-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-days', '30')
const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
const metadata = (certs: readonly string[]) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp-certs.test">` +
  `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
  certs
    .map(
      (c) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body(c)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('') +
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp-certs.test/sso"/>` +
  `</md:IDPSSODescriptor></md:EntityDescriptor>`

for (const dialect of DIALECTS) {
  describe(`${dialect}: IdP certificate rules`, () => {
    let f: SAMLFixture
    let server: Server
    let served = ''
    let base = ''
    const clock = new ManualClock(Date.now())
    const six = Array.from({ length: 6 }, () => rsa())
    before(async () => {
      server = createServer((_request, response) =>
        response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(served),
      )
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      f = await setupSAML(dialect, { clock, config: { METADATA_ALLOW_PRIVATE_ADDRESSES: 'true' } })
    })
    after(async () => {
      await f.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    const profiles = () => `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles`
    const create = (fields: Record<string, unknown>) =>
      f.admin.api(f.admin.a.token, 'POST', profiles(), {
        name: 'Certificates',
        idpEntityId: 'https://idp-certs.test',
        idpSsoUrl: 'https://idp-certs.test/sso',
        ...fields,
      })
    const refused = async (fields: Record<string, unknown>, code: string) => {
      const before = await countRows(f.admin.server.app.database)
      const result = await create(fields)
      assert.equal(result.status, 400, JSON.stringify(result.json))
      assert.equal(errorCode(result.json), code)
      assert.deepEqual(await countRows(f.admin.server.app.database), before)
    }

    it('pins at most five certificates, by hand, by upload and by URL', async () => {
      await refused({ certificates: six }, 'sso.too_many_certificates')
      assert.equal((await create({ certificates: six.slice(0, 5) })).status, 201)
      await refused(
        { idpEntityId: undefined, idpSsoUrl: undefined, idpMetadataXml: metadata(six) },
        'sso.too_many_certificates',
      )
      served = metadata(six)
      await refused(
        { idpEntityId: undefined, idpSsoUrl: undefined, idpMetadataUrl: `${base}/six` },
        'sso.too_many_certificates',
      )
    })

    it('keeps the last good copy when a refresh brings more than five', async () => {
      served = metadata(six.slice(0, 2))
      const created = await create({
        idpEntityId: undefined,
        idpSsoUrl: undefined,
        idpMetadataUrl: `${base}/grows`,
      })
      assert.equal(created.status, 201, JSON.stringify(created.json))
      const id = created.json['id'] as string
      served = metadata(six)
      clock.advance(8 * 24 * 3600_000)
      const run = await f.admin.server.app.services.metadataRefresh.refreshDueMetadata()
      assert.ok(run.failed >= 1)
      const profile = await f.admin.api(f.admin.a.token, 'GET', `${profiles()}/${id}`)
      assert.equal((profile.json['certificates'] as unknown[]).length, 2)
      assert.match(
        String((profile.json['idpMetadata'] as { error: string }).error),
        /too_many_certificates/,
      )
      clock.set(Date.now())
    })

    it('accepts only P-256, P-384 and P-521 among EC curves', async () => {
      for (const curve of ['prime192v1', 'secp256k1']) {
        await refused({ certificates: [ec(curve)] }, 'sso.certificate_weak')
      }
      for (const curve of ['prime256v1', 'secp384r1', 'secp521r1']) {
        assert.equal((await create({ certificates: [ec(curve)] })).status, 201, curve)
      }
    })

    it('refuses a certificate that is not valid yet, and an entry holding two', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
      const future = selfSignedCertificate(
        privateKey,
        publicKey,
        'idp.test',
        Date.parse('2030-01-01T00:00:00Z'),
        Date.parse('2031-01-01T00:00:00Z'),
      )
      await refused({ certificates: [future] }, 'sso.certificate_not_yet_valid')
      await refused({ certificates: [`${K_A.cert}${six[0]}`] }, 'sso.certificate_invalid')
    })

    it('accepts a SHA-1-signed or 30-year certificate with a warning', async () => {
      const created = await create({
        certificates: [rsa('-sha1'), rsa('-days', '11000'), K_A.cert],
      })
      assert.equal(created.status, 201, JSON.stringify(created.json))
      const warnings = (created.json['certificates'] as { warnings: string[] }[]).map(
        (c) => c.warnings,
      )
      assert.deepEqual(warnings, [
        ['the certificate is signed with SHA-1 with RSA'],
        ['the certificate is valid for 30 years or more'],
        [],
      ])
    })
  })
}
