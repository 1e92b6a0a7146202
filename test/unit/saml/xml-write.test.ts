/**
 * The XML we send, read back by an independent parser (libxml2, through PHP's DOM): values that need
 * escaping survive, namespaces are declared, and the SP certificate in the metadata loads in OpenSSL.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { describe, it } from 'node:test'
import { authnRequestXML } from '../../../src/saml/authn-request.ts'
import { selfSignedCertificate } from '../../../src/platform/self-signed-certificate.ts'
import { spMetadataXML } from '../../../src/saml/metadata/sp-metadata.ts'

/** Parses `xml` with libxml2 and returns what the PHP snippet prints as JSON. */
function libxml2(xml: string, php: string): unknown {
  const script = `$d = new DOMDocument(); if (!$d->loadXML(stream_get_contents(STDIN), LIBXML_NONET)) { exit(3); } $x = new DOMXPath($d); ${php}`
  return JSON.parse(execFileSync('php', ['-r', script], { input: xml }).toString())
}

const AWKWARD = `https://idp.example/sso?a=1&b="2"&c=<3>&d='4'`

describe('saml: XML we write, read by libxml2', () => {
  it('writes an AuthnRequest whose attributes and issuer read back exactly', () => {
    const xml = authnRequestXML({
      id: '_abc',
      issueInstant: Date.parse('2026-12-01T00:00:00Z'),
      destination: AWKWARD,
      acsUrl: 'https://sp.example/saml/p&q/acs',
      spEntityId: 'https://sp.example/saml/<p>/metadata',
      forceAuthn: true,
    })
    const read = libxml2(
      xml,
      `$x->registerNamespace('p', 'urn:oasis:names:tc:SAML:2.0:protocol'); $x->registerNamespace('a', 'urn:oasis:names:tc:SAML:2.0:assertion');
       $r = $x->query('/p:AuthnRequest')->item(0);
       echo json_encode([$r->getAttribute('Destination'), $r->getAttribute('AssertionConsumerServiceURL'), $r->getAttribute('ForceAuthn'), $x->query('/p:AuthnRequest/a:Issuer')->item(0)->textContent, $x->query('/p:AuthnRequest/p:NameIDPolicy')->length]);`,
    )
    assert.deepEqual(read, [
      AWKWARD,
      'https://sp.example/saml/p&q/acs',
      'true',
      'https://sp.example/saml/<p>/metadata',
      1,
    ])
  })

  it('writes SP metadata with the entity ID, the ACS and a certificate OpenSSL loads', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = selfSignedCertificate(privateKey, publicKey, 'SP', Date.now(), Date.now() + 1e10)
    const xml = spMetadataXML(
      { entityId: AWKWARD, acsUrl: `${AWKWARD}/acs` },
      { signing: [pem], encryption: [] },
      true,
    )
    const [entityId, acs, certificate] = libxml2(
      xml,
      `$x->registerNamespace('md', 'urn:oasis:names:tc:SAML:2.0:metadata'); $x->registerNamespace('ds', 'http://www.w3.org/2000/09/xmldsig#');
       echo json_encode([$x->query('/md:EntityDescriptor/@entityID')->item(0)->value,
         $x->query('/md:EntityDescriptor/md:SPSSODescriptor/md:AssertionConsumerService/@Location')->item(0)->value,
         $x->query('//md:KeyDescriptor[@use="signing"]/ds:KeyInfo/ds:X509Data/ds:X509Certificate')->item(0)->textContent]);`,
    ) as [string, string, string]
    assert.equal(entityId, AWKWARD)
    assert.equal(acs, `${AWKWARD}/acs`)
    const subject = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-subject'], {
      input: Buffer.from(certificate, 'base64'),
    }).toString()
    assert.match(subject, /CN\s*=\s*SP/)
  })
})
