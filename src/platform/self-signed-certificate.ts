/**
 * A self-signed X.509 certificate for the SP's SAML signing key, built with node:crypto: SAML metadata
 * publishes keys as certificates, and Node can parse certificates but not make them. The DER is the
 * minimal RFC 5280 v3 shape (no extensions), signed with SHA-256 with RSA; `X509Certificate` verifies it.
 */
import { createSign, randomBytes, type KeyObject } from 'node:crypto'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const COMMON_NAME = '2.5.4.3'

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(value.length), value])
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items))

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const bytes = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)]
  for (const part of parts.slice(2)) {
    const chunk: number[] = []
    for (let v = part; ; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | (chunk.length > 0 ? 0x80 : 0))
      if (v < 128) break
    }
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

function integer(value: Buffer): Buffer {
  // Positive: a leading 0x00 when the high bit is set.
  return tlv(0x02, (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value)
}

function utcOrGeneralized(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const year = new Date(ms).getUTCFullYear()
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after.
  return year < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`))
}

function name(commonName: string): Buffer {
  const attribute = sequence(oid(COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8')))
  return sequence(tlv(0x31, attribute))
}

/** PEM of a self-signed certificate for `publicKey`, signed by `privateKey` (RSA). */
export function selfSignedCertificate(
  privateKey: KeyObject,
  publicKey: KeyObject,
  commonName: string,
  notBefore: number,
  notAfter: number,
): string {
  const algorithm = sequence(oid(SHA256_WITH_RSA), tlv(0x05, Buffer.alloc(0)))
  const serial = randomBytes(16)
  serial[0] = (serial[0] ?? 0) & 0x7f
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    algorithm,
    name(commonName),
    sequence(utcOrGeneralized(notBefore), utcOrGeneralized(notAfter)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
  )
  const signature = createSign('sha256').update(tbs).sign(privateKey)
  const der = sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}
