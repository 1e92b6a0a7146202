/**
 * The SP metadata of one profile (SAML Metadata §2.4.4): its entity ID, its ACS (HTTP-POST), the SP
 * signing certificates — the active one and, during a rotation, the previous one too — and, when the
 * profile accepts encrypted assertions, the encryption certificates the same way (`use="encryption"`,
 * with the algorithms it decrypts). With encryption off no encryption key is published: some IdPs
 * (Shibboleth) encrypt whenever the SP's metadata has one.
 */
import { SP_ENCRYPTION_METHODS } from '../algorithms.ts'
import { NAMEID_EMAIL, NS } from '../xml/namespaces.ts'
import { writeXML, type XMLNode } from '../xml/write.ts'

export interface SPCertificates {
  readonly signing: readonly string[]
  /** Empty when the profile's assertion encryption is off. */
  readonly encryption: readonly string[]
}

function keyDescriptor(pem: string, use: 'signing' | 'encryption'): XMLNode {
  return {
    ns: NS.metadata,
    name: 'md:KeyDescriptor',
    attributes: { use },
    children: [
      {
        ns: NS.dsig,
        name: 'ds:KeyInfo',
        children: [
          {
            ns: NS.dsig,
            name: 'ds:X509Data',
            children: [
              {
                ns: NS.dsig,
                name: 'ds:X509Certificate',
                text: pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
              },
            ],
          },
        ],
      },
      ...(use === 'encryption'
        ? SP_ENCRYPTION_METHODS.map((algorithm): XMLNode => ({
            ns: NS.metadata,
            name: 'md:EncryptionMethod',
            attributes: { Algorithm: algorithm },
          }))
        : []),
    ],
  }
}

export function spMetadataXML(
  endpoints: { entityId: string; acsUrl: string },
  certificates: SPCertificates,
  signRequests: boolean,
): string {
  const xml = writeXML({
    ns: NS.metadata,
    name: 'md:EntityDescriptor',
    declare: { ds: NS.dsig },
    attributes: { entityID: endpoints.entityId },
    children: [
      {
        ns: NS.metadata,
        name: 'md:SPSSODescriptor',
        attributes: {
          AuthnRequestsSigned: String(signRequests),
          WantAssertionsSigned: 'true',
          protocolSupportEnumeration: NS.protocol,
        },
        children: [
          ...certificates.signing.map((pem) => keyDescriptor(pem, 'signing')),
          ...certificates.encryption.map((pem) => keyDescriptor(pem, 'encryption')),
          { ns: NS.metadata, name: 'md:NameIDFormat', text: NAMEID_EMAIL },
          {
            ns: NS.metadata,
            name: 'md:AssertionConsumerService',
            attributes: {
              Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
              Location: endpoints.acsUrl,
              index: '0',
              isDefault: 'true',
            },
          },
        ],
      },
    ],
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`
}
