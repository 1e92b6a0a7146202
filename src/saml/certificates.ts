/**
 * IdP signing certificates, checked when a profile is configured (SPEC §4; SECURITY-CASES SIG-25):
 * RSA of at least 2048 bits (or EC P-256 and up), not expired. Keys are matched by the certificate
 * itself (the DER), never by subject, serial or KeyName (SIG-22).
 */
import { X509Certificate } from 'node:crypto'
import { AppError } from '../errors/app-error.ts'

export interface PinnedCertificate {
  /** Canonical PEM (one certificate). */
  readonly pem: string
  /** SHA-256 of the DER, colon-separated hex. */
  readonly sha256Fingerprint: string
  readonly notBefore: number
  readonly notAfter: number
  readonly subject: string
}

export const MIN_RSA_BITS = 2048

/** Parses and checks one PEM certificate (or bare base64 DER, as metadata carries it). */
export function parsePinnedCertificate(input: string, now: number): PinnedCertificate {
  const pem = toPem(input)
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(pem)
  } catch (error) {
    throw new AppError('sso.certificate_invalid', { cause: error })
  }
  const key = certificate.publicKey
  const details = key.asymmetricKeyDetails ?? {}
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw new AppError('sso.certificate_weak', { details: { bits: details.modulusLength ?? 0 } })
    }
  } else if (key.asymmetricKeyType !== 'ec') {
    throw new AppError('sso.certificate_weak', {
      details: { keyType: key.asymmetricKeyType ?? 'unknown' },
    })
  }
  const notAfter = Date.parse(certificate.validTo)
  const notBefore = Date.parse(certificate.validFrom)
  if (!(notAfter > now)) {
    throw new AppError('sso.certificate_expired', { details: { notAfter: certificate.validTo } })
  }
  return {
    pem: certificate.toString(),
    sha256Fingerprint: certificate.fingerprint256,
    notBefore,
    notAfter,
    subject: certificate.subject,
  }
}

function toPem(input: string): string {
  const text = input.trim()
  if (text.startsWith('-----BEGIN CERTIFICATE-----')) return `${text}\n`
  const base64 = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new AppError('sso.certificate_invalid')
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}
