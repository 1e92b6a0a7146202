/** The SP certificate builder: Node and OpenSSL read what it makes, and its signature verifies. */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import { describe, it } from 'node:test'
import { selfSignedCertificate } from '../../../src/platform/self-signed-certificate.ts'

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

  it('is read by OpenSSL too', () => {
    const out = execFileSync('openssl', ['x509', '-noout', '-subject', '-enddate'], {
      input: pem,
    }).toString()
    assert.match(out, /CN\s*=\s*Portcullis SP/)
    assert.match(out, /2056/)
  })
})
