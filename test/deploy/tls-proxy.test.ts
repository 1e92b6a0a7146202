/**
 * TLS behind a real proxy (issue 26): Debian's nginx with the very config compose.yaml mounts
 * (deploy/nginx/portcullis.conf, this machine's addresses put in) terminates TLS — a throwaway CA's
 * certificate (deploy/nginx/throwaway-certificate.sh), its key trusted by the test browser — in front of
 * two instances on one PostgreSQL database, PUBLIC_URL the proxy's https address, TRUST_PROXY the
 * proxy. In Chromium: a full SP-initiated SAML sign-in through SimpleSAMLphp and a password sign-in,
 * with HSTS and Secure cookies. And two clients behind the proxy (connecting from 127.0.0.2 and
 * 127.0.0.3) are throttled apart, whatever X-Forwarded-For they send themselves.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash, X509Certificate } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser as Chromium } from 'playwright-core'
import { Browser, reasonCode } from '../helpers/browser.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { httpsFetcher } from '../helpers/https-fetch.ts'
import { Nginx } from '../helpers/nginx.ts'
import { freePort, ROOT } from '../helpers/processes.ts'
import type { RunningServer } from '../../src/main.ts'
import { SimpleSAMLphp } from '../helpers/simplesamlphp.ts'
import { authorizationRequest } from '../http/login/login.setup.ts'
import { PASSWORD } from '../http/admin/admin.setup.ts'
import { setupSAML, type SAMLFixture } from '../http/saml/saml.setup.ts'

const ADA = { username: 'ada', password: 'ada-secret', email: 'ada@orga.test' }

describe(
  'postgres: two instances behind nginx terminating TLS',
  { skip: DIALECTS.includes('postgres') ? false : 'runs on PostgreSQL (DIALECTS)' },
  () => {
    let f: SAMLFixture
    let second: RunningServer
    let chromium: Chromium
    let consoleServer: Server
    let callback: string
    let publicUrl: string
    let ca: string
    let clientId: string
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-tls-'))
    // nginx's workers run unprivileged and buffer large bodies (a SAML response) under the prefix.
    chmodSync(dir, 0o755)
    const nginx = new Nginx(join(dir, 'nginx'))
    const idp = new SimpleSAMLphp([ADA])

    before(async () => {
      const httpsPort = await freePort()
      publicUrl = `https://localhost:${httpsPort}`
      const tls = join(dir, 'tls')
      const made = spawnSync(
        'bash',
        [join(ROOT, 'deploy/nginx/throwaway-certificate.sh'), tls, 'localhost'],
        { encoding: 'utf8' },
      )
      assert.equal(made.status, 0, made.stderr)
      ca = readFileSync(join(tls, 'ca.pem'), 'utf8')
      await idp.start()
      f = await setupSAML('postgres', {
        config: { PUBLIC_URL: publicUrl, TRUST_PROXY: '127.0.0.1' },
      })
      second = await f.admin.startAnother()
      await nginx.start({
        httpsPort,
        httpPort: await freePort(),
        upstreams: [new URL(f.admin.url).host, new URL(second.url).host],
        tls,
      })
      const metadata = await (await fetch(`${idp.baseUrl}/saml2/idp/metadata.php`)).text()
      const org = `/api/v1/orgs/${f.admin.a.orgId}`
      await f.admin.api(
        f.admin.a.token,
        'PUT',
        `${org}/sso-profiles/${f.profileId}/idp-metadata`,
        metadata,
        { 'content-type': 'application/samlmetadata+xml' },
      )
      const sp = await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text()
      idp.addServiceProvider(
        f.spEntityId,
        f.acsUrl,
        /<ds:X509Certificate>([^<]+)</.exec(sp)?.[1] ?? '',
      )
      consoleServer = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<p>console</p>')
      })
      await new Promise<void>((resolve) => consoleServer.listen(0, '127.0.0.1', resolve))
      callback = `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}/callback`
      ;({ clientId } = await f.admin.server.app.services.clients.createClient({
        name: 'Console behind the proxy',
        redirectUris: [callback],
        confidential: false,
      }))
      // The browser trusts the throwaway certificate's key, and nothing else unusual.
      const spki = new X509Certificate(readFileSync(join(tls, 'cert.pem'))).publicKey.export({
        type: 'spki',
        format: 'der',
      })
      chromium = await launchChromium([
        `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`,
      ])
    })
    after(async () => {
      await chromium?.close()
      await nginx.stop()
      consoleServer?.close()
      await f?.close()
      await idp.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    /** A console's authorization request, at the proxy's address. */
    const authorizeUrl = async () => {
      const { url } = await authorizationRequest(f.config, { redirect_uri: callback })
      url.searchParams.set('client_id', clientId)
      assert.equal(url.origin, publicUrl)
      return url.href
    }

    it('signs in through the IdP (SP-initiated SAML) and with a password, over TLS, with HSTS and Secure cookies', async () => {
      const context = await chromium.newContext()
      const page = await context.newPage()
      const hsts: string[] = []
      page.on('response', (response) => {
        // The pages Portcullis served through the proxy (not assets the browser took from its cache).
        if (
          response.url().startsWith(publicUrl) &&
          response.request().resourceType() === 'document'
        ) {
          hsts.push(
            `${response.url()} ${response.headers()['strict-transport-security'] ?? 'none'}`,
          )
        }
      })
      try {
        await page.goto(await authorizeUrl())
        await page.getByLabel('Email address').fill(ADA.email)
        await page.getByRole('button', { name: 'Continue' }).click()
        await page.getByRole('button', { name: 'Sign in with single sign-on' }).click()
        await page.waitForSelector('input[name=username]')
        await page.fill('input[name=username]', ADA.username)
        await page.fill('input[name=password]', ADA.password)
        await page.keyboard.press('Enter')
        await page.waitForURL(`${callback}**`)
        assert.ok(new URL(page.url()).searchParams.get('code'), 'a code for the console')
        assert.equal(new URL(page.url()).searchParams.get('iss'), publicUrl)

        await context.clearCookies()
        await page.goto(await authorizeUrl())
        await page.getByLabel('Email address').fill(f.admin.a.ownerEmail)
        await page.getByRole('button', { name: 'Continue' }).click()
        await page.getByLabel('Password').fill(PASSWORD)
        await page.getByRole('button', { name: 'Sign in', exact: true }).click()
        await page.waitForURL(`${callback}**`)
        assert.ok(new URL(page.url()).searchParams.get('code'))

        const ours = (await context.cookies(publicUrl)).filter(
          (c) => c.name.startsWith('__Host-') || c.name.includes('portcullis'),
        )
        assert.ok(ours.length > 0)
        for (const cookie of ours) assert.equal(cookie.secure, true, cookie.name)
        assert.ok(hsts.length > 0)
        for (const seen of hsts) assert.match(seen, /max-age=\d+$/, 'HSTS')
      } finally {
        await context.close()
      }
    })

    it('throttles two clients behind the proxy apart, whatever X-Forwarded-For they send', async () => {
      const user = await f.admin.addUser(f.admin.a, 'throttled@orga.test', 'member')
      assert.ok(user)
      /** A wrong password for the same account from the client at `address`. */
      const attempt = async (address: string) => {
        const browser = new Browser(
          'client',
          { 'x-forwarded-for': '203.0.113.9' },
          httpsFetcher({ ca, localAddress: address }),
        )
        const email = await browser.follow(await authorizeUrl())
        const passwordPage = await browser.submit(email, '/login/email', {
          email: 'throttled@orga.test',
          method: 'password',
        })
        return reasonCode(
          (await browser.submit(passwordPage, '/login/password', { password: 'wrong' })).body,
        )
      }
      // Five wrong passwords lock the account for one client address (the pair rule)…
      for (let i = 0; i < 5; i++)
        assert.equal(await attempt('127.0.0.2'), 'login.invalid_credentials')
      assert.equal(await attempt('127.0.0.2'), 'login.locked')
      // …and only for it: the proxy passed each client's own address, not its own or a forged one.
      assert.equal(await attempt('127.0.0.3'), 'login.invalid_credentials')
    })
  },
)
