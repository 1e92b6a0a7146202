/**
 * AuthnRequests sent by HTTP-Redirect (SAML Bindings §3.4): the XML, DEFLATE, base64, and — when the
 * profile signs requests — the signature over the exact query string octets (§3.4.4.1) with RSA-SHA256.
 * This is the binding's own signature scheme, not XML Signature.
 */
import { createSign, type KeyObject } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import { SP_SIGNATURE_ALGORITHM } from './algorithms.ts'
import { NAMEID_EMAIL, NS } from './xml/namespaces.ts'
import { writeXML } from './xml/write.ts'

export interface AuthnRequestFields {
  readonly id: string
  readonly issueInstant: number
  readonly destination: string
  readonly acsUrl: string
  readonly spEntityId: string
  /** Ask the IdP to authenticate again (connection tests). */
  readonly forceAuthn?: boolean
}

export function authnRequestXML(f: AuthnRequestFields): string {
  return writeXML({
    ns: NS.protocol,
    name: 'samlp:AuthnRequest',
    declare: { saml: NS.assertion },
    attributes: {
      ID: f.id,
      Version: '2.0',
      IssueInstant: new Date(f.issueInstant).toISOString(),
      Destination: f.destination,
      AssertionConsumerServiceURL: f.acsUrl,
      ProtocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      ForceAuthn: f.forceAuthn ? 'true' : undefined,
    },
    children: [
      { ns: NS.assertion, name: 'saml:Issuer', text: f.spEntityId },
      {
        ns: NS.protocol,
        name: 'samlp:NameIDPolicy',
        attributes: { Format: NAMEID_EMAIL, AllowCreate: 'false' },
      },
    ],
  })
}

/** The URL that carries the request to the IdP; signed when `signingKey` is given. */
export function redirectBindingURL(
  ssoUrl: string,
  xml: string,
  relayState: string | undefined,
  signingKey: KeyObject | undefined,
): string {
  const parts = [
    `SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}`,
  ]
  if (relayState !== undefined) parts.push(`RelayState=${encodeURIComponent(relayState)}`)
  if (signingKey !== undefined) {
    parts.push(`SigAlg=${encodeURIComponent(SP_SIGNATURE_ALGORITHM)}`)
    const signature = createSign('sha256').update(parts.join('&')).sign(signingKey)
    parts.push(`Signature=${encodeURIComponent(signature.toString('base64'))}`)
  }
  return `${ssoUrl}${ssoUrl.includes('?') ? '&' : '?'}${parts.join('&')}`
}
