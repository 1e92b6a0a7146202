/**
 * The SP metadata of one profile (SAML Metadata §2.4.4): its entity ID, its ACS (HTTP-POST), and the SP
 * signing certificates — the active one and, during a rotation, the previous one too.
 */
import { NAMEID_EMAIL, NS } from '../xml/namespaces.ts'
import { writeXML, type XMLNode } from '../xml/write.ts'

export function spMetadataXML(
  endpoints: { entityId: string; acsUrl: string },
  signingCertificates: readonly string[],
  signRequests: boolean,
): string {
  const keys = signingCertificates.map((pem): XMLNode => ({
    ns: NS.metadata,
    name: 'md:KeyDescriptor',
    attributes: { use: 'signing' },
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
    ],
  }))
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
          ...keys,
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
