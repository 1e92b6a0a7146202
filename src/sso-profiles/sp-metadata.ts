/**
 * The SP metadata of one profile (SAML Metadata §2.4.4): its entity ID, its ACS (HTTP-POST), and the SP
 * signing certificates — the active one and, during a rotation, the previous one too.
 */
import { escapeXML } from '../saml/xml/escape.ts'

export function spMetadataXML(
  endpoints: { entityId: string; acsUrl: string },
  signingCertificates: readonly string[],
  signRequests: boolean,
): string {
  const keys = signingCertificates
    .map(
      (pem) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pem
          .replace(/-----[A-Z ]+-----/g, '')
          .replace(/\s+/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('')
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXML(endpoints.entityId)}">` +
    `<md:SPSSODescriptor AuthnRequestsSigned="${signRequests}" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    keys +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXML(endpoints.acsUrl)}" index="0" isDefault="true"/>` +
    `</md:SPSSODescriptor></md:EntityDescriptor>\n`
  )
}
