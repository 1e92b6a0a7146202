/**
 * IdP signing certificates, checked when a profile is configured (SPEC §4; SECURITY-CASES SIG-25):
 * RSA of at least 2048 bits or EC on P-256, P-384 or P-521, valid now (not expired, not yet to come),
 * one certificate per entry, at most MAX_PINNED_CERTIFICATES per profile. Keys are matched by the
 * certificate itself (the DER), never by subject, serial or KeyName (SIG-22). What is pinned is the key,
 * so a weak certificate signature or a very long validity only warns.
 */
import { X509Certificate } from 'node:crypto'
import { AsnConvert } from '@peculiar/asn1-schema'
import { Certificate } from '@peculiar/asn1-x509'
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

/**
 * Certificates one profile may pin, on every path (by hand, metadata upload, URL, refresh): enough for a
 * rotation with room to spare, and a bound on the signature work an anonymous ACS request can cause.
 */
export const MAX_PINNED_CERTIFICATES = 5

const NOT_BEFORE_TOLERANCE_MS = 5 * 60_000

/** EC curves accepted (OpenSSL names): the NIST curves of 256 bits and up that XML DSig uses. */
const EC_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1', 'secp521r1'])

export function assertCertificateCount(count: number): void {
  if (count > MAX_PINNED_CERTIFICATES) {
    throw new AppError('sso.too_many_certificates', {
      details: { count, max: MAX_PINNED_CERTIFICATES },
    })
  }
}

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
  } else if (key.asymmetricKeyType === 'ec') {
    if (!EC_CURVES.has(details.namedCurve ?? '')) {
      throw new AppError('sso.certificate_weak', { details: { curve: details.namedCurve ?? '' } })
    }
  } else {
    throw new AppError('sso.certificate_weak', {
      details: { keyType: key.asymmetricKeyType ?? 'unknown' },
    })
  }
  const notAfter = Date.parse(certificate.validTo)
  const notBefore = Date.parse(certificate.validFrom)
  if (!(notAfter > now)) {
    throw new AppError('sso.certificate_expired', { details: { notAfter: certificate.validTo } })
  }
  // A certificate minted a moment ago on a machine whose clock runs a little ahead is fine.
  if (!(notBefore <= now + NOT_BEFORE_TOLERANCE_MS)) {
    throw new AppError('sso.certificate_not_yet_valid', {
      details: { notBefore: certificate.validFrom },
    })
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
  if ((text.match(/-----BEGIN /g) ?? []).length > 1) {
    // Only one would be pinned, silently: refuse instead.
    throw new AppError('sso.certificate_invalid', {
      details: { reason: 'one certificate per entry' },
    })
  }
  if (text.startsWith('-----BEGIN CERTIFICATE-----')) return `${text}\n`
  const base64 = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new AppError('sso.certificate_invalid')
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

const WEAK_SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'MD5 with RSA',
  '1.2.840.113549.1.1.5': 'SHA-1 with RSA',
  '1.2.840.10045.4.1': 'ECDSA with SHA-1',
  '1.2.840.10040.4.3': 'DSA with SHA-1',
}
const THIRTY_YEARS_MS = 30 * 365.25 * 24 * 3600_000

/**
 * What an administrator should know about a pinned certificate that is nevertheless accepted: the key is
 * what is pinned, so a SHA-1/MD5 certificate signature or a 30-year validity weakens nothing we check,
 * but says something about how the IdP is run.
 */
export function describeCertificate(pem: string): { subject: string; warnings: string[] } {
  const warnings: string[] = []
  const x509 = new X509Certificate(pem)
  const parsed = AsnConvert.parse(x509.raw, Certificate)
  const weak = WEAK_SIGNATURE_ALGORITHMS[parsed.signatureAlgorithm.algorithm]
  if (weak !== undefined) warnings.push(`the certificate is signed with ${weak}`)
  if (Date.parse(x509.validTo) - Date.parse(x509.validFrom) >= THIRTY_YEARS_MS) {
    warnings.push('the certificate is valid for 30 years or more')
  }
  return { subject: x509.subject.replace(/\n/g, ', '), warnings }
}
