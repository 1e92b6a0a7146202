/**
 * A self-signed X.509 certificate for the SP's SAML signing key: SAML metadata publishes keys as
 * certificates, and Node can parse certificates but not make them. The DER comes from the PKI.js
 * family's ASN.1 schemas (`@peculiar/asn1-x509`, `asn1js`), never from hand-written encoding: a
 * hand-made serial once broke OpenSSL-based IdPs for 1 deployment in 256 (non-minimal INTEGER).
 */
import { createSign, randomBytes, type KeyObject } from 'node:crypto'
import { AsnConvert } from '@peculiar/asn1-schema'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import { Integer } from 'asn1js'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const COMMON_NAME = '2.5.4.3'

/**
 * The content octets of a positive INTEGER in minimal two's-complement form (X.690 §8.3.2), as RFC 5280
 * §4.1.2.2 wants serials: asn1js strips leading zeros and adds one only before a high bit.
 */
export function serialNumberOctets(random: Buffer): Uint8Array {
  const value = BigInt(`0x${random.toString('hex')}`) || 1n
  return new Uint8Array(Integer.fromBigInt(value).valueBlock.valueHexView)
}

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer

/** PEM of a self-signed certificate for `publicKey`, signed by `privateKey` (RSA, SHA-256). */
export function selfSignedCertificate(
  privateKey: KeyObject,
  publicKey: KeyObject,
  commonName: string,
  notBefore: number,
  notAfter: number,
  serial: Buffer = randomBytes(16),
): string {
  const algorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null })
  const name = new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: COMMON_NAME,
        value: new AttributeValue({ utf8String: commonName }),
      }),
    ]),
  ])
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: arrayBuffer(serialNumberOctets(serial)),
    signature: algorithm,
    issuer: name,
    // The schema picks UTCTime through 2049 and GeneralizedTime after (RFC 5280 §4.1.2.5).
    validity: new Validity({ notBefore: new Date(notBefore), notAfter: new Date(notAfter) }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(
      publicKey.export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
  })
  const signature = createSign('sha256')
    .update(Buffer.from(AsnConvert.serialize(tbsCertificate)))
    .sign(privateKey)
  const der = Buffer.from(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate,
        signatureAlgorithm: algorithm,
        signatureValue: arrayBuffer(signature),
      }),
    ),
  )
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}
