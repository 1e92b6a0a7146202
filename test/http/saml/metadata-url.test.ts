/**
 * IdP metadata by URL, on both databases: fetched at once with a timeout, a size cap, no redirects and no
 * internal addresses unless allowed; refreshed on schedule (cacheDuration), keeping the last good copy.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { isInternalAddress } from '../../../src/platform/fetch.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { K_A, testKey } from '../../helpers/saml.ts'
import { errorCode } from '../admin/admin.setup.ts'
import { setupSAML, type SAMLFixture } from './saml.setup.ts'

const certBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
const metadata = (cert: string, cacheDuration = 'PT1H') =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp-url.test" cacheDuration="${cacheDuration}">` +
  `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
  `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp-url.test/sso"/>` +
  `</md:IDPSSODescriptor></md:EntityDescriptor>`

describe('platform: internal addresses', () => {
  it('recognises private, loopback, link-local and mapped addresses, and not public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
    ]) {
      assert.equal(isInternalAddress(a), true, a)
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700::1111'])
      assert.equal(isInternalAddress(a), false, a)
  })
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: IdP metadata by URL`, () => {
    let f: SAMLFixture
    let server: Server
    let body = metadata(K_A.cert)
    let status = 200
    let location: string | undefined
    const clock = new ManualClock(Date.now())
    let base = ''
    before(async () => {
      server = createServer((_request, response) => {
        if (location !== undefined) response.writeHead(302, { location }).end()
        else
          response.writeHead(status, { 'content-type': 'application/samlmetadata+xml' }).end(body)
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      f = await setupSAML(dialect, { clock, config: { METADATA_ALLOW_PRIVATE_ADDRESSES: 'true' } })
    })
    after(async () => {
      await f.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    const profiles = () => `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles`

    it('fetches metadata at once and refreshes it on schedule, keeping the last good copy on failure', async () => {
      const created = await f.admin.api(f.admin.a.token, 'POST', profiles(), {
        name: 'By URL',
        idpMetadataUrl: `${base}/metadata`,
      })
      assert.equal(created.status, 201, JSON.stringify(created.json))
      assert.equal(created.json['idpEntityId'], 'https://idp-url.test')
      const id = created.json['id'] as string
      const fingerprint = async () => {
        const profile = await f.admin.api(f.admin.a.token, 'GET', `${profiles()}/${id}`)
        return profile.json as {
          certificates: { sha256Fingerprint: string }[]
          idpMetadata: { error: string | null }
        }
      }
      const first = (await fingerprint()).certificates[0]?.sha256Fingerprint

      body = metadata(testKey('idp-a-next').cert)
      assert.deepEqual(await f.admin.server.app.services.metadataRefresh.refreshDueMetadata(), {
        refreshed: 0,
        failed: 0,
      })
      clock.advance(3600_000 + 1)
      assert.deepEqual(await f.admin.server.app.services.metadataRefresh.refreshDueMetadata(), {
        refreshed: 1,
        failed: 0,
      })
      const rotated = (await fingerprint()).certificates[0]?.sha256Fingerprint
      assert.notEqual(rotated, first)

      status = 500
      clock.advance(3600_000 + 1)
      assert.deepEqual(await f.admin.server.app.services.metadataRefresh.refreshDueMetadata(), {
        refreshed: 0,
        failed: 1,
      })
      const kept = await fingerprint()
      assert.equal(kept.certificates[0]?.sha256Fingerprint, rotated)
      assert.ok(kept.idpMetadata.error)
      status = 200
    })

    it('refuses a redirect and an oversized document', async () => {
      location = 'https://elsewhere.test/metadata'
      const redirected = await f.admin.api(f.admin.a.token, 'POST', profiles(), {
        name: 'R',
        idpMetadataUrl: `${base}/metadata`,
      })
      assert.equal(errorCode(redirected.json), 'sso.metadata_fetch_failed')
      location = undefined
      body = `<x>${'a'.repeat(600 * 1024)}</x>`
      const big = await f.admin.api(f.admin.a.token, 'POST', profiles(), {
        name: 'B',
        idpMetadataUrl: `${base}/metadata`,
      })
      assert.equal(errorCode(big.json), 'sso.metadata_fetch_failed')
      body = metadata(K_A.cert)
    })
  })
}

describe('sqlite: metadata URLs pointing inside the network', () => {
  it('are refused unless METADATA_ALLOW_PRIVATE_ADDRESSES is set', async () => {
    const f = await setupSAML('sqlite')
    try {
      for (const url of [
        'http://127.0.0.1:9/metadata',
        'https://127.0.0.1/metadata',
        'https://[::1]/metadata',
        'https://169.254.169.254/latest',
      ]) {
        const result = await f.admin.api(
          f.admin.a.token,
          'POST',
          `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles`,
          { name: 'Internal', idpMetadataUrl: url },
        )
        assert.equal(result.status, 400, url)
        assert.match(errorCode(result.json) ?? '', /^sso\.metadata_(url_forbidden|fetch_failed)$/)
      }
      const localhost = await f.admin.api(
        f.admin.a.token,
        'POST',
        `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles`,
        { name: 'Internal', idpMetadataUrl: 'https://localhost/metadata' },
      )
      assert.equal(errorCode(localhost.json), 'sso.metadata_url_forbidden')
    } finally {
      await f.close()
    }
  })
})
