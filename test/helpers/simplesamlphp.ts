/**
 * SimpleSAMLphp from Debian as a real, independent IdP (issue: SAML), served by `php -S` on loopback with a
 * configuration of its own in a temporary directory (SIMPLESAMLPHP_CONFIG_DIR): an exampleauth:UserPass
 * source, a hosted IdP signing with the test key K_A, and our SP as a remote SP generated from our metadata.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { metaRefresh, type Browser, type PageResponse } from './browser.ts'
import { freePort } from './processes.ts'
import { K_A } from './saml.ts'

export const SSP_WWW = '/usr/share/simplesamlphp/www'

export interface SSPUser {
  readonly username: string
  readonly password: string
  readonly email: string
  /** More attributes the IdP releases for this user, by name. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>
}

const php = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

export class SimpleSAMLphp {
  readonly #users: readonly SSPUser[]
  #dir = ''
  #child: ChildProcess | undefined
  #log = ''
  port = 0

  constructor(users: readonly SSPUser[]) {
    this.#users = users
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get entityId(): string {
    return `${this.baseUrl}/saml2/idp/metadata.php`
  }

  async start(): Promise<void> {
    this.port = await freePort()
    this.#dir = mkdtempSync(join(tmpdir(), 'portcullis-ssp-'))
    for (const sub of ['metadata', 'cert', 'data', 'log', 'tmp']) mkdirSync(join(this.#dir, sub))
    writeFileSync(join(this.#dir, 'cert', 'idp.key'), K_A.key)
    writeFileSync(join(this.#dir, 'cert', 'idp.crt'), K_A.cert)
    writeFileSync(
      join(this.#dir, 'config.php'),
      `<?php\n$config = [
  'baseurlpath' => ${php(`${this.baseUrl}/`)},
  'certdir' => ${php(join(this.#dir, 'cert'))},
  'loggingdir' => ${php(join(this.#dir, 'log'))},
  'datadir' => ${php(join(this.#dir, 'data'))},
  'tempdir' => ${php(join(this.#dir, 'tmp'))},
  'metadatadir' => ${php(join(this.#dir, 'metadata'))},
  'secretsalt' => ${php(randomBytes(16).toString('hex'))},
  'auth.adminpassword' => ${php(randomBytes(16).toString('hex'))},
  'technicalcontact_email' => 'ops@example.test',
  'timezone' => 'UTC',
  'logging.level' => SimpleSAML\\Logger::ERR,
  'logging.handler' => 'errorlog',
  'enable.saml20-idp' => true,
  'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true, 'admin' => true],
  'store.type' => 'phpsession',
  'session.cookie.secure' => false,
  'session.phpsession.savepath' => ${php(join(this.#dir, 'tmp'))},
  'metadata.sources' => [['type' => 'flatfile']],
];\n`,
    )
    const users = this.#users
      .map((u) => {
        const extra = Object.entries(u.attributes ?? {})
          .map(([name, values]) => `, ${php(name)} => [${values.map(php).join(', ')}]`)
          .join('')
        return `    ${php(`${u.username}:${u.password}`)} => ['email' => [${php(u.email)}]${extra}],`
      })
      .join('\n')
    writeFileSync(
      join(this.#dir, 'authsources.php'),
      `<?php\n$config = [\n  'admin' => ['core:AdminPassword'],\n  'example-userpass' => [\n    'exampleauth:UserPass',\n${users}\n  ],\n];\n`,
    )
    writeFileSync(
      join(this.#dir, 'metadata', 'saml20-idp-hosted.php'),
      `<?php\n$metadata['__DYNAMIC:1__'] = [
  'host' => '__DEFAULT__',
  'privatekey' => 'idp.key',
  'certificate' => 'idp.crt',
  'auth' => 'example-userpass',
  'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
];\n`,
    )
    writeFileSync(join(this.#dir, 'metadata', 'saml20-sp-remote.php'), '<?php\n')
    // No opcache: it would serve a rewritten metadata file's old version for up to two seconds.
    const child = spawn(
      'php',
      ['-d', 'opcache.enable=0', '-S', `127.0.0.1:${this.port}`, '-t', SSP_WWW],
      {
        // Several workers: a real browser opens parallel connections that one worker would serialise.
        env: {
          PATH: process.env['PATH'] ?? '',
          SIMPLESAMLPHP_CONFIG_DIR: this.#dir,
          PHP_CLI_SERVER_WORKERS: '4',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: stop() ends the server and its workers together.
        detached: true,
      },
    )
    child.stdout?.on('data', (c: Buffer) => (this.#log += c.toString()))
    child.stderr?.on('data', (c: Buffer) => (this.#log += c.toString()))
    this.#child = child
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${this.baseUrl}/saml2/idp/metadata.php`)).ok) return
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`SimpleSAMLphp did not start:\n${this.#log}`)
  }

  /**
   * Registers our SP (entity ID, ACS, signing certificate) as SimpleSAMLphp's remote SP; with an
   * encryption certificate, SimpleSAMLphp 1.19 encrypts its assertions to it (RSA-OAEP-MGF1P and
   * AES-128-CBC, its only choice with a certificate) and still signs the response around them.
   */
  addServiceProvider(
    entityId: string,
    acsUrl: string,
    certificatePem: string,
    encryptionCertificatePem?: string,
  ): void {
    const der = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
    const certData = der(certificatePem)
    const encryption =
      encryptionCertificatePem === undefined
        ? ''
        : `  'assertion.encryption' => true,
  'keys' => [
    ['encryption' => false, 'signing' => true, 'type' => 'X509Certificate', 'X509Certificate' => ${php(certData)}],
    ['encryption' => true, 'signing' => false, 'type' => 'X509Certificate', 'X509Certificate' => ${php(der(encryptionCertificatePem))}],
  ],
`
    writeFileSync(
      join(this.#dir, 'metadata', 'saml20-sp-remote.php'),
      `<?php\n$metadata[${php(entityId)}] = [
  'AssertionConsumerService' => [['Binding' => 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'Location' => ${php(acsUrl)}]],
  'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'simplesaml.nameidattribute' => 'email',
  'validate.authnrequest' => true,
  'certData' => ${php(certData)},
  'saml20.sign.assertion' => true,
  'saml20.sign.response' => true,
  'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
${encryption}];\n`,
    )
  }

  log(): string {
    return this.#log
  }

  async stop(): Promise<void> {
    const child = this.#child
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      process.kill(-child.pid, 'SIGTERM')
      await exited
    }
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true })
  }
}

/**
 * Drives a browser as a person would: follows redirects until one goes where `stopAt` says, fills the
 * UserPass login form, submits auto-posting SAML forms; returns the first page that is none of these.
 */
export async function browse(
  browser: Browser,
  start: PageResponse,
  user: SSPUser,
  stopAt: (url: string) => boolean,
): Promise<PageResponse> {
  let page = start
  const refresh = start.status === 200 ? metaRefresh(start) : undefined
  if (refresh !== undefined) page = await browser.request(refresh)
  for (let hops = 0; hops < 20; hops++) {
    if (page.status >= 300 && page.status < 400) {
      const location = new URL(page.headers.get('location') ?? '', page.url).href
      if (stopAt(location)) return { ...page, url: location }
      page = await browser.request(location)
      continue
    }
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.body)
    if (form === null) return page
    const action = new URL(decode(form[1] ?? ''), page.url).href
    const fields: Record<string, string> = {}
    for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1]
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? ''
      if (name !== undefined) fields[name] = decode(value)
    }
    if ('username' in fields) {
      fields['username'] = user.username
      fields['password'] = user.password
    } else if (!('SAMLResponse' in fields)) {
      return page
    }
    page = await browser.request(action, { form: fields })
  }
  return page
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
