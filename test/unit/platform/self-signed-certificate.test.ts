/**
 * The SP certificate builder: Node and OpenSSL read what it makes, its signature verifies, and its DER is
 * strict enough for OpenSSL whatever the random serial (the hand-written encoder failed 1 in 256).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  selfSignedCertificate,
  serialNumberOctets,
} from '../../../src/platform/self-signed-certificate.ts'

/** How many certificates in `pems` OpenSSL loads (it stops at the first it cannot decode). */
function opensslCount(pems: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-certs-'))
  try {
    writeFileSync(join(dir, 'all.pem'), pems)
    const out = execFileSync('openssl', ['storeutl', '-noout', '-certs', join(dir, 'all.pem')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString()
    return Number(/Total found: (\d+)/.exec(out)?.[1] ?? -1)
  } catch (error) {
    const out = String((error as { stdout?: Buffer }).stdout ?? '')
    return Number(/Total found: (\d+)/.exec(out)?.[1] ?? -1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('platform: selfSignedCertificate', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const notBefore = Date.parse('2026-01-01T00:00:00Z')
  const notAfter = Date.parse('2056-01-01T00:00:00Z')
  const pem = selfSignedCertificate(privateKey, publicKey, 'Portcullis SP', notBefore, notAfter)

  it('is a certificate for the key, self-signed, with the given validity and name', () => {
    const cert = new X509Certificate(pem)
    assert.equal(cert.verify(publicKey), true)
    assert.equal(cert.checkPrivateKey(privateKey), true)
    assert.equal(cert.subject, 'CN=Portcullis SP')
    assert.equal(cert.issuer, 'CN=Portcullis SP')
    assert.equal(Date.parse(cert.validFrom), notBefore)
    assert.equal(Date.parse(cert.validTo), notAfter)
  })

  it('is read by OpenSSL too, with GeneralizedTime after 2049', () => {
    const out = execFileSync('openssl', ['x509', '-noout', '-subject', '-enddate'], {
      input: pem,
    }).toString()
    assert.match(out, /CN\s*=\s*Portcullis SP/)
    assert.match(out, /2056/)
  })

  it('encodes serials as minimal positive INTEGERs, including the edge cases', () => {
    const cases: [string, string][] = [
      ['00017f', '017f'], // leading zero before a byte below 0x80: the old encoder kept it
      ['0000000000000000000000000000007f', '7f'],
      ['80', '0080'], // high bit set: one zero byte keeps it positive
      ['ff01', '00ff01'],
      ['00', '01'], // zero is not a valid serial (RFC 5280 §4.1.2.2)
    ]
    for (const [random, expected] of cases) {
      assert.equal(
        Buffer.from(serialNumberOctets(Buffer.from(random, 'hex'))).toString('hex'),
        expected,
      )
    }
  })

  it('makes certificates OpenSSL loads for the edge serials and 2,000 random ones', () => {
    const edge = ['00017f', '0000ab', '80', 'ff01', '007fffffffffffffffffffffffffffff'].map((hex) =>
      Buffer.from(hex, 'hex'),
    )
    const serials = [...edge, ...Array.from({ length: 2000 }, () => randomBytes(16))]
    const pems = serials
      .map((serial) =>
        selfSignedCertificate(privateKey, publicKey, 'X', notBefore, notAfter, serial),
      )
      .join('')
    assert.equal(opensslCount(pems), serials.length)
  })
})
