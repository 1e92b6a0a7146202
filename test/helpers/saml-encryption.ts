/**
 * Encrypted assertions from an independent implementation (issue 28): xmlsec1 (libxml2 + OpenSSL)
 * encrypts a response's Assertion to the SP's certificate through an EncryptedData template, so the
 * decryption is checked against bytes neither xml-encryption nor this project produced. The SP keys
 * here are made at load time, like a deployment's first start makes its own.
 */
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DecryptionKey } from '../../src/saml/encryption/decrypt.ts'
import { selfSignedCertificate } from '../../src/platform/self-signed-certificate.ts'

export interface SPEncryptionKey {
  readonly certificatePem: string
  readonly decryptionKey: DecryptionKey
}

export function spEncryptionKey(name: string, bits = 2048): SPEncryptionKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
  const now = Date.now()
  const certificatePem = selfSignedCertificate(
    privateKey,
    publicKey,
    name,
    now - 60_000,
    now + 1e10,
  )
  return {
    certificatePem,
    decryptionKey: {
      kid: name,
      certificate: certificatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
      privateKey,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  }
}

/** The SP's encryption key in unit tests; NEXT plays the key after a rotation, OTHER a stranger's. */
export const SP_ENCRYPTION = spEncryptionKey('sp-encryption')
export const SP_ENCRYPTION_NEXT = spEncryptionKey('sp-encryption-next')
export const OTHER_ENCRYPTION = spEncryptionKey('someone-else')

const XENC = 'http://www.w3.org/2001/04/xmlenc#'
const XENC11 = 'http://www.w3.org/2009/xmlenc11#'
export const DATA = {
  'aes128-gcm': `${XENC11}aes128-gcm`,
  'aes256-gcm': `${XENC11}aes256-gcm`,
  'aes128-cbc': `${XENC}aes128-cbc`,
  'aes256-cbc': `${XENC}aes256-cbc`,
  'tripledes-cbc': `${XENC}tripledes-cbc`,
} as const
export const TRANSPORT = {
  'rsa-oaep-mgf1p': `${XENC}rsa-oaep-mgf1p`,
  'rsa-oaep': `${XENC11}rsa-oaep`,
  'rsa-1_5': `${XENC}rsa-1_5`,
} as const

export interface EncryptOptions {
  readonly certificatePem?: string
  readonly data?: keyof typeof DATA
  readonly transport?: keyof typeof TRANSPORT
  /** The OAEP digest (a ds:DigestMethod in the key transport), e.g. SHA-256. */
  readonly oaepDigest?: 'sha256'
  /** XML Encryption 1.1's MGF, with `rsa-oaep` only. */
  readonly mgf?: 'mgf1sha256'
  /** Name the recipient certificate in the EncryptedKey's KeyInfo. */
  readonly nameRecipient?: boolean
}

const SESSION_KEY_BITS: Record<keyof typeof DATA, string> = {
  'aes128-gcm': 'aes-128',
  'aes256-gcm': 'aes-256',
  'aes128-cbc': 'aes-128',
  'aes256-cbc': 'aes-256',
  'tripledes-cbc': 'des-192',
}

function template(options: EncryptOptions): string {
  const data = options.data ?? 'aes256-gcm'
  const transport = options.transport ?? 'rsa-oaep-mgf1p'
  const digest =
    options.oaepDigest === 'sha256'
      ? '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
      : ''
  const mgf =
    options.mgf === undefined
      ? ''
      : `<xenc11:MGF xmlns:xenc11="${XENC11}" Algorithm="${XENC11}${options.mgf}"/>`
  const recipient = options.nameRecipient
    ? '<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>'
    : ''
  return (
    `<xenc:EncryptedData xmlns:xenc="${XENC}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Type="${XENC}Element">` +
    `<xenc:EncryptionMethod Algorithm="${DATA[data]}"/>` +
    `<ds:KeyInfo><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="${TRANSPORT[transport]}">${digest}${mgf}</xenc:EncryptionMethod>` +
    `${recipient}<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>`
  )
}

/** The response split around its (first) saml:Assertion. */
function aroundAssertion(xml: string): { before: string; assertion: string; after: string } {
  const start = xml.indexOf('<saml:Assertion')
  const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length
  if (start < 0 || end < start) throw new Error('no saml:Assertion to encrypt')
  return { before: xml.slice(0, start), assertion: xml.slice(start, end), after: xml.slice(end) }
}

/** Runs `xmlsec1 --encrypt` on `data` (an XML document's Assertion, or any bytes); returns its output. */
function xmlsec1Encrypt(
  options: EncryptOptions,
  data: { xml: string } | { bytes: string },
): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-xmlenc-'))
  try {
    const file = (name: string, content?: string) => {
      if (content !== undefined) writeFileSync(join(dir, name), content)
      return join(dir, name)
    }
    const binary = 'bytes' in data
    const target = binary
      ? ['--binary-data', file('plain', data.bytes)]
      : [
          '--xml-data',
          file('data.xml', data.xml),
          '--node-name',
          'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
        ]
    const tmpl = binary
      ? template(options).replace(` Type="${XENC}Element"`, '')
      : template(options)
    execFileSync(
      'xmlsec1',
      [
        '--encrypt',
        '--pubkey-cert-pem',
        file('sp.crt', options.certificatePem ?? SP_ENCRYPTION.certificatePem),
        '--session-key',
        SESSION_KEY_BITS[options.data ?? 'aes256-gcm'],
        ...target,
        '--output',
        file('out.xml'),
        file('template.xml', tmpl),
      ],
      { stdio: 'pipe' },
    )
    return readFileSync(file('out.xml'), 'utf8').replace(/^<\?xml[^>]*>\s*/, '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Replaces the response's (first) saml:Assertion by a saml:EncryptedAssertion holding it encrypted by
 * xmlsec1 to the SP's certificate. Sign the assertion before, the response after, as an IdP does.
 */
export function xmlsecEncrypt(xml: string, options: EncryptOptions = {}): string {
  const { before, assertion, after } = aroundAssertion(xml)
  const wrapped = `${before}<saml:EncryptedAssertion>${assertion}</saml:EncryptedAssertion>${after}`
  return xmlsec1Encrypt(options, { xml: wrapped })
}

/**
 * The same encrypted response with its session key wrapped again by OpenSSL (`openssl pkeyutl`) under
 * another OAEP variant — xmlsec1 1.2 writes only `rsa-oaep-mgf1p` with SHA-1 — so XML Encryption 1.1's
 * `rsa-oaep` and SHA-256 digests are checked against an independent implementation too.
 */
export function rewrapKey(
  xml: string,
  variant: {
    readonly transport: keyof typeof TRANSPORT
    readonly oaepDigest: 'sha1' | 'sha256'
    readonly mgf1Digest: 'sha1' | 'sha256'
  },
  key: SPEncryptionKey = SP_ENCRYPTION,
): string {
  const keyBlock = /<xenc:EncryptedKey>[\s\S]*?<\/xenc:EncryptedKey>/.exec(xml)
  const wrapped = keyBlock && /<xenc:CipherValue>([^<]+)<\/xenc:CipherValue>/.exec(keyBlock[0])
  if (keyBlock === null || wrapped === null || wrapped[1] === undefined)
    throw new Error('no EncryptedKey')
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-oaep-'))
  const pkeyutl = (args: readonly string[]) =>
    execFileSync('openssl', ['pkeyutl', ...args], { stdio: 'pipe' })
  try {
    writeFileSync(join(dir, 'sp.key'), key.decryptionKey.privateKeyPem)
    writeFileSync(join(dir, 'sp.crt'), key.certificatePem)
    writeFileSync(join(dir, 'wrapped'), Buffer.from(wrapped[1].replace(/\s+/g, ''), 'base64'))
    const oaep = (md: string, mgf: string) => [
      '-pkeyopt',
      'rsa_padding_mode:oaep',
      '-pkeyopt',
      `rsa_oaep_md:${md}`,
      '-pkeyopt',
      `rsa_mgf1_md:${mgf}`,
    ]
    pkeyutl([
      '-decrypt',
      '-inkey',
      join(dir, 'sp.key'),
      ...oaep('sha1', 'sha1'),
      '-in',
      join(dir, 'wrapped'),
      '-out',
      join(dir, 'session'),
    ])
    const rewrapped = pkeyutl([
      '-encrypt',
      '-certin',
      '-inkey',
      join(dir, 'sp.crt'),
      ...oaep(variant.oaepDigest, variant.mgf1Digest),
      '-in',
      join(dir, 'session'),
    ])
    const digest =
      variant.oaepDigest === 'sha256'
        ? '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        : ''
    const mgf =
      variant.mgf1Digest === 'sha256'
        ? `<xenc11:MGF xmlns:xenc11="${XENC11}" Algorithm="${XENC11}mgf1sha256"/>`
        : ''
    const replaced = keyBlock[0]
      .replace(
        /<xenc:EncryptionMethod [^>]*?(\/>|>[\s\S]*?<\/xenc:EncryptionMethod>)/,
        `<xenc:EncryptionMethod Algorithm="${TRANSPORT[variant.transport]}">${digest}${mgf}</xenc:EncryptionMethod>`,
      )
      .replace(
        /<xenc:CipherValue>[^<]+<\/xenc:CipherValue>/,
        `<xenc:CipherValue>${rewrapped.toString('base64')}</xenc:CipherValue>`,
      )
    return xml.replace(keyBlock[0], replaced)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Any bytes encrypted by xmlsec1 (`--binary-data`) to the SP's certificate, as the EncryptedData of a
 * response's EncryptedAssertion in place of its assertion: what a hostile IdP could make decrypt.
 */
export function encryptedAs(xml: string, plaintext: string, options: EncryptOptions = {}): string {
  const { before, after } = aroundAssertion(xml)
  const encrypted = xmlsec1Encrypt(options, { bytes: plaintext })
  return `${before}<saml:EncryptedAssertion>${encrypted.trim()}</saml:EncryptedAssertion>${after}`
}
