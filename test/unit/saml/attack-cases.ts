/**
 * The SECURITY-CASES attack catalogue, sections A–H and K, as data: each case starts from a valid baseline
 * for connection `conn` answering `inResponseTo` and changes one thing. Run by the pipeline unit tests and,
 * for the cases that need no special connection or storage, through HTTP on both databases.
 */
import type { ACSProfile } from '../../../src/saml/acs/context.ts'
import type { ACSPorts } from '../../../src/saml/acs/ports.ts'
import {
  buildResponse,
  connection,
  K_A,
  K_B,
  K_X,
  sign,
  testKey,
  type ResponseOptions,
} from '../../helpers/saml.ts'
import { portsFor, type run } from './acs-harness.ts'

const S = 120_000

export interface AttackCase {
  readonly id: string
  readonly what: string
  readonly xml: () => string
  readonly code: string
  readonly profile?: ACSProfile
  readonly ports?: () => ACSPorts
  readonly options?: Parameters<typeof run>[3]
}

export function attackCases(
  conn: ACSProfile,
  now: number,
  inResponseTo = '_request1',
): AttackCase[] {
  const base = (o: Partial<ResponseOptions> = {}) =>
    buildResponse({ conn, now, inResponseTo, ...o })
  const signedA = (o: Partial<ResponseOptions> = {}) => sign(base(o), 'assertion')
  const signedBoth = (o: Partial<ResponseOptions> = {}) => sign(base(o), 'both')
  const assertionOf = (xml: string) =>
    /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] ?? ''

  return [
    // A. Signature wrapping
    {
      id: 'SIG-03',
      what: 'an unsigned evil Assertion before the signed one',
      xml: () => {
        const xml = signedA()
        const evil = assertionOf(base({ nameId: 'ceo@orga.test', assertionId: '_evil' }))
        return xml.replace('<saml:Assertion', `${evil}<saml:Assertion`)
      },
      code: 'saml.malformed_response',
    },
    {
      id: 'SIG-04',
      what: 'an evil Assertion wrapping the signed one',
      xml: () => {
        const xml = signedA()
        const signed = assertionOf(xml)
        const evil = assertionOf(base({ nameId: 'ceo@orga.test', assertionId: '_evil' })).replace(
          '</saml:Assertion>',
          `${signed}</saml:Assertion>`,
        )
        return xml.replace(signed, evil)
      },
      code: 'saml.malformed_response',
    },
    {
      id: 'SIG-05',
      what: 'the signed Assertion changed and a pristine copy appended',
      xml: () => {
        const xml = signedA({ assertionId: '_orig' })
        const pristine = assertionOf(xml).replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
        const mutated = assertionOf(xml)
          .replace('ID="_orig"', 'ID="_evil"')
          .replace('mallory@', 'ceo@')
        return xml.replace(assertionOf(xml), mutated + pristine)
      },
      code: 'saml.malformed_response',
    },
    {
      id: 'SIG-07',
      what: 'an evil Assertion with the same ID in Extensions',
      xml: () => {
        const xml = signedA({ assertionId: '_same' })
        const evil = assertionOf(base({ nameId: 'ceo@orga.test', assertionId: '_same' }))
        return xml.replace(
          '<samlp:Status>',
          `<samlp:Extensions>${evil}</samlp:Extensions><samlp:Status>`,
        )
      },
      code: 'saml.malformed_response',
    },
    {
      id: 'SIG-08',
      what: 'a pristine copy inside ds:Object of the signature',
      xml: () => {
        const xml = signedA({ assertionId: '_orig' })
        const pristine = assertionOf(base({ assertionId: '_orig2' }))
        return xml.replace('</ds:Signature>', `<ds:Object>${pristine}</ds:Object></ds:Signature>`)
      },
      code: 'saml.malformed_response',
    },
    {
      id: 'SIG-10',
      what: 'an Assertion for the victim inside Advice',
      xml: () => {
        const evil = assertionOf(base({ nameId: 'ceo@orga.test', assertionId: '_advice' }))
        return sign(
          base().replace('</saml:Subject>', `</saml:Subject><saml:Advice>${evil}</saml:Advice>`),
          'assertion',
        )
      },
      code: 'saml.malformed_response',
    },
    {
      id: 'SIG-11',
      what: "the Assertion's signature moved up to the Response, with an unsigned evil Assertion",
      xml: () => {
        const xml = signedA()
        const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)?.[0] ?? ''
        const evil = assertionOf(base({ nameId: 'ceo@orga.test' }))
        return xml
          .replace(assertionOf(xml), evil)
          .replace('</saml:Issuer>', `</saml:Issuer>${signature}`)
      },
      code: 'saml.signature_missing',
    },
    {
      id: 'SIG-12',
      what: 'a signed Assertion in an attacker envelope with another InResponseTo',
      xml: () => {
        const assertion = assertionOf(signedA({ inResponseTo: '_other' }))
        return base({ inResponseTo: inResponseTo }).replace(
          /<saml:Assertion[\s\S]*<\/saml:Assertion>/,
          assertion,
        )
      },
      code: 'saml.in_response_to_mismatch',
    },
    {
      id: 'SIG-13',
      what: 'a decoy Signature with a copied SignatureValue holding an Assertion in ds:Object',
      xml: () => {
        const xml = signedA()
        const value = /<ds:SignatureValue>([^<]*)</.exec(xml)?.[1] ?? ''
        const decoy = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>${value}</ds:SignatureValue><ds:Object>${assertionOf(base({ nameId: 'ceo@orga.test', assertionId: '_decoy' }))}</ds:Object></ds:Signature>`
        return xml.replace('</saml:Subject>', `</saml:Subject>${decoy}`)
      },
      code: 'saml.malformed_response',
    },
    // B. Signature presence
    {
      id: 'SIG-15',
      what: 'no signature at all',
      xml: () => base(),
      code: 'saml.signature_missing',
    },
    {
      id: 'SIG-16a',
      what: 'an empty SignatureValue',
      xml: () => signedA().replace(/<ds:SignatureValue>[^<]*</, '<ds:SignatureValue><'),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-16b',
      what: 'SignedInfo removed',
      xml: () => signedA().replace(/<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/, ''),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-17',
      what: 'the Response signed but the Assertion not',
      xml: () => sign(base(), 'response'),
      code: 'saml.signature_missing',
    },
    {
      id: 'SIG-18',
      what: 'an unsigned Response where the profile requires both',
      xml: () => signedA(),
      profile: { ...conn, signaturePolicy: 'both' },
      code: 'saml.signature_missing',
    },
    {
      id: 'SIG-19',
      what: 'one byte of the signed NameID changed, the Response re-signed with K_X',
      xml: () =>
        sign(
          signedA().replace('mallory@orga.test</saml:NameID>', 'mallorz@orga.test</saml:NameID>'),
          'response',
          { key: K_X },
        ),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-19b',
      what: 'one byte of the signed NameID changed, the Response signed over it with the pinned key',
      // The Response's signature verifies; the Assertion's own must still verify on what is read.
      xml: () =>
        sign(
          signedA().replace('mallory@orga.test</saml:NameID>', 'mallorz@orga.test</saml:NameID>'),
          'response',
        ),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-20',
      what: 'a connection with no pinned certificate',
      xml: () => signedA(),
      profile: { ...conn, certificates: [] },
      code: 'saml.signature_invalid',
    },
    // C. Keys and algorithms
    {
      id: 'SIG-21',
      what: "re-signed with K_X, K_X's certificate in KeyInfo",
      xml: () => sign(base(), 'assertion', { key: K_X }),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-22',
      what: "signed by a certificate cloning K_A's subject and serial",
      xml: () => sign(base(), 'assertion', { key: testKey('attacker-clone') }),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-24',
      what: 'HMAC-SHA1 as the SignatureMethod',
      xml: () =>
        signedA()
          .replace('xmldsig-more#rsa-sha256', '#hmac-sha1')
          .replace(
            'http://www.w3.org/2001/04/#hmac-sha1',
            'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
          ),
      code: 'saml.signature_algorithm',
    },
    {
      id: 'SIG-25a',
      what: 'RSA-SHA1',
      xml: () =>
        sign(base(), 'assertion', {
          signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
          digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
        }),
      code: 'saml.signature_algorithm',
    },
    {
      id: 'SIG-25b',
      what: 'a SHA-1 digest under an RSA-SHA256 signature',
      xml: () =>
        sign(base(), 'assertion', { digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' }),
      code: 'saml.signature_algorithm',
    },
    {
      id: 'SIG-26',
      what: 'K_A_old after it was removed from the connection',
      xml: () => sign(base(), 'assertion', { key: testKey('idp-a-old') }),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-27',
      what: "another tenant's valid key K_B",
      xml: () => sign(base(), 'assertion', { key: K_B }),
      code: 'saml.signature_invalid',
    },
    // D. Reference, digest, transforms
    {
      id: 'SIG-28',
      what: 'Reference URI=""',
      xml: () => signedA().replace(/URI="#[^"]*"/, 'URI=""'),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-29',
      what: 'two References in SignedInfo',
      xml: () => {
        const xml = signedA()
        const reference = /<ds:Reference[\s\S]*<\/ds:Reference>/.exec(xml)?.[0] ?? ''
        return xml.replace(reference, reference + reference.replace(/URI="#[^"]*"/, 'URI="#_x"'))
      },
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-30',
      what: 'a comment inside DigestValue hiding a forged digest',
      xml: () => signedA().replace(/<ds:DigestValue>([^<]*)</, '<ds:DigestValue><!--$1-->AAAA<'),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-32a',
      what: 'three transforms',
      xml: () =>
        sign(base(), 'assertion', {
          transforms: [
            'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
            'http://www.w3.org/2001/10/xml-exc-c14n#',
            'http://www.w3.org/2001/10/xml-exc-c14n#',
          ],
        }),
      code: 'saml.signature_invalid',
    },
    {
      id: 'SIG-32b',
      what: 'an exclusive canonicalization #WithComments transform',
      xml: () =>
        signedA().replace(
          '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
          '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#WithComments"/>',
        ),
      code: 'saml.signature_algorithm',
    },
    {
      id: 'SIG-34',
      what: 'another element with id= equal to the signed ID',
      xml: () => {
        const xml = signedA({ assertionId: '_dup' })
        return xml.replace('<samlp:Status>', '<samlp:Status id="_dup">')
      },
      code: 'saml.malformed_response',
    },
    // E. Parsing
    {
      id: 'XML-01',
      what: 'an external entity (XXE)',
      xml: () =>
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signedA()}`,
      code: 'saml.doctype_forbidden',
    },
    {
      id: 'XML-02',
      what: 'billion laughs',
      xml: () =>
        `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${signedA()}`,
      code: 'saml.doctype_forbidden',
    },
    {
      id: 'XML-03',
      what: 'a DOCTYPE without entities',
      xml: () => `<!DOCTYPE Response>${signedA()}`,
      code: 'saml.doctype_forbidden',
    },
    {
      id: 'XML-05a',
      what: 'two root elements',
      xml: () => signedA() + signedA(),
      code: 'saml.malformed_xml',
    },
    {
      id: 'XML-05b',
      what: 'text after the root',
      xml: () => `${signedA()}trailing`,
      code: 'saml.malformed_xml',
    },
    {
      id: 'XML-06a',
      what: 'UTF-16',
      xml: () => '',
      options: { encoded: Buffer.from(`\ufeff${signedA()}`, 'utf16le').toString('base64') },
      code: 'saml.malformed_xml',
    },
    {
      id: 'XML-06b',
      what: 'a declared ISO-8859-1 encoding',
      xml: () => `<?xml version="1.0" encoding="ISO-8859-1"?>${signedA()}`,
      code: 'saml.malformed_xml',
    },
    {
      id: 'XML-06c',
      what: 'invalid UTF-8 bytes',
      xml: () => '',
      options: {
        encoded: Buffer.concat([
          Buffer.from(signedA().slice(0, 50)),
          Buffer.from([0xc3, 0x28]),
        ]).toString('base64'),
      },
      code: 'saml.malformed_xml',
    },
    {
      id: 'XML-06d',
      what: 'a NUL byte',
      xml: () => signedA().replace('mallory', 'mall\u0000ory'),
      code: 'saml.malformed_xml',
    },
    {
      id: 'XML-07a',
      what: '100 nested elements',
      xml: () =>
        signedA().replace(
          '</saml:Subject>',
          `</saml:Subject>${'<x>'.repeat(100)}${'</x>'.repeat(100)}`,
        ),
      code: 'saml.too_deep',
    },
    {
      id: 'XML-07b',
      what: 'a 300 KB response',
      xml: () =>
        signedA().replace('</saml:Subject>', `</saml:Subject><x a="${'a'.repeat(300_000)}"/>`),
      code: 'saml.too_large',
    },
    {
      id: 'XML-08',
      what: 'an Assertion in another namespace beside the real one',
      xml: () =>
        signedA().replace('<samlp:Status>', '<e:Assertion xmlns:e="urn:evil"/><samlp:Status>'),
      code: 'saml.malformed_response',
    },
    {
      id: 'XML-09',
      what: 'a comment splitting the signed NameID (identity read from signed bytes)',
      xml: () =>
        signedA({ nameId: 'ceo@orga.test.evil.test' }).replace(
          'ceo@orga.test.evil.test</saml:NameID>',
          'ceo@orga.test<!---->.evil.test</saml:NameID>',
        ),
      code: 'saml.domain_not_verified',
    },
    // F. Protocol semantics
    {
      id: 'PRO-03a',
      what: 'an unknown InResponseTo',
      xml: () => signedA({ inResponseTo: '_unknown' }),
      code: 'saml.in_response_to_mismatch',
    },
    {
      id: 'PRO-03b',
      what: 'a request issued to another browser (FLOW-02)',
      xml: () => signedA(),
      options: { browser: 'attacker-browser' },
      code: 'saml.in_response_to_mismatch',
    },
    {
      id: 'PRO-03c',
      what: 'no browser binding at all',
      xml: () => signedA(),
      options: { browser: undefined },
      code: 'saml.in_response_to_mismatch',
    },
    {
      id: 'PRO-05',
      what: 'Response and SubjectConfirmationData InResponseTo differ',
      xml: () => signedA({ scdInResponseTo: '_other' }),
      code: 'saml.in_response_to_mismatch',
    },
    {
      id: 'PRO-06a',
      what: 'a wrong Audience',
      xml: () => signedA({ audience: 'https://sp.test/saml/b' }),
      code: 'saml.audience_mismatch',
    },
    {
      id: 'PRO-06b',
      what: 'an Audience with a trailing slash',
      xml: () => signedA({ audience: `${conn.spEntityId}/` }),
      code: 'saml.audience_mismatch',
    },
    {
      id: 'PRO-06c',
      what: 'no AudienceRestriction',
      xml: () => signedA({ audience: null }),
      code: 'saml.audience_mismatch',
    },
    {
      id: 'PRO-06d',
      what: 'a second AudienceRestriction without our entity ID',
      xml: () =>
        signedA({
          extraConditions:
            '<saml:AudienceRestriction><saml:Audience>https://other.test</saml:Audience></saml:AudienceRestriction>',
        }),
      code: 'saml.audience_mismatch',
    },
    {
      id: 'PRO-07a',
      what: "connB's ACS as Destination",
      xml: () => signedBoth({ destination: 'https://sp.test/saml/b/acs' }),
      code: 'saml.destination_mismatch',
    },
    {
      id: 'PRO-07b',
      what: 'the other scheme (http/https) in Destination',
      xml: () =>
        signedA({
          destination: conn.acsUrl.startsWith('https:')
            ? conn.acsUrl.replace('https:', 'http:')
            : conn.acsUrl.replace('http:', 'https:'),
        }),
      code: 'saml.destination_mismatch',
    },
    {
      id: 'PRO-07c',
      what: 'a signed Response without Destination',
      xml: () => signedBoth({ destination: null }),
      code: 'saml.destination_mismatch',
    },
    {
      id: 'PRO-08a',
      what: 'a wrong Recipient',
      xml: () => signedA({ recipient: 'https://sp.test/saml/b/acs' }),
      code: 'saml.recipient_mismatch',
    },
    {
      id: 'PRO-08b',
      what: 'holder-of-key instead of bearer',
      xml: () => signedA({ method: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key' }),
      code: 'saml.subject_confirmation_invalid',
    },
    {
      id: 'PRO-08c',
      what: 'SubjectConfirmationData NotOnOrAfter missing',
      xml: () => signedA({ scdNotOnOrAfter: null }),
      code: 'saml.invalid_time',
    },
    {
      id: 'PRO-08d',
      what: 'SubjectConfirmationData NotOnOrAfter passed',
      xml: () => signedA({ scdNotOnOrAfter: now - S - 1 }),
      code: 'saml.expired',
    },
    {
      id: 'PRO-09a',
      what: 'NotBefore = now + skew + 1 s',
      xml: () => signedA({ notBefore: now + S + 1000 }),
      code: 'saml.not_yet_valid',
    },
    {
      id: 'PRO-09b',
      what: 'NotOnOrAfter = now - skew (exclusive)',
      xml: () => signedA({ notOnOrAfter: now - S }),
      code: 'saml.expired',
    },
    {
      id: 'PRO-09c',
      what: 'IssueInstant an hour old',
      xml: () => signedA({ issueInstant: now - 3600_000, notOnOrAfter: now + 3600_000 }),
      code: 'saml.expired',
    },
    {
      id: 'PRO-09d',
      what: 'IssueInstant in the future',
      xml: () => signedA({ issueInstant: now + S + 5000 }),
      code: 'saml.not_yet_valid',
    },
    ...(
      [
        '2026-11-28T12:05:00',
        '2026-11-28T12:05:00+01:00',
        '2026-11-28T24:00:00Z',
        '2026-11-28T23:59:60Z',
        '0000-01-01T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '',
      ] as const
    ).map((bad, i): AttackCase => ({
      id: `PRO-09t${i}`,
      what: `a malformed NotOnOrAfter "${bad}"`,
      xml: () =>
        sign(
          base().replace(/(<saml:Conditions[^>]*NotOnOrAfter=")[^"]*"/, `$1${bad}"`),
          'assertion',
        ),
      code: 'saml.invalid_time',
    })),
    {
      id: 'PRO-10a',
      what: "connB's IdP as Issuer",
      xml: () => signedA({ issuer: 'https://idp-b.test' }),
      code: 'saml.issuer_mismatch',
    },
    {
      id: 'PRO-10b',
      what: 'an Issuer Format other than entity',
      xml: () =>
        sign(
          base().replace(
            /<saml:Issuer>/g,
            '<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">',
          ),
          'assertion',
        ),
      code: 'saml.issuer_mismatch',
    },
    {
      id: 'PRO-11',
      what: 'a Responder status with an Assertion',
      xml: () => signedA({ status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }),
      code: 'saml.status_not_success',
    },
    {
      id: 'PRO-12',
      what: 'an unknown Condition',
      xml: () =>
        signedA({
          extraConditions:
            '<saml:Condition xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x:Custom"/>',
        }),
      code: 'saml.condition_unsupported',
    },
    {
      id: 'PRO-13',
      what: 'no AuthnStatement',
      xml: () =>
        sign(base().replace(/<saml:AuthnStatement[\s\S]*<\/saml:AuthnStatement>/, ''), 'assertion'),
      code: 'saml.malformed_response',
    },
    {
      id: 'PRO-14a',
      what: 'Version 1.1',
      xml: () =>
        sign(
          base().replace('Version="2.0" IssueInstant', 'Version="1.1" IssueInstant'),
          'assertion',
        ),
      code: 'saml.malformed_response',
    },
    {
      id: 'PRO-14b',
      what: 'an ID starting with a digit',
      xml: () => signedA({ assertionId: '1abc' }),
      code: 'saml.malformed_response',
    },
    // G. Tenants and connections
    {
      id: 'TEN-01',
      what: "a user in org B's domain asserted by IdP A",
      xml: () => signedA({ nameId: 'ceo@orgb.test' }),
      code: 'saml.domain_not_verified',
    },
    {
      id: 'TEN-02',
      what: 'an unverified domain',
      xml: () => signedA({ nameId: 'x@gmail.test' }),
      code: 'saml.domain_not_verified',
    },
    {
      id: 'TEN-03',
      what: "connA's genuine response posted to connB's ACS",
      xml: () => signedA(),
      profile: connection('b', { certificates: [K_B.cert] }),
      code: 'saml.signature_invalid',
    },
    {
      id: 'TEN-04',
      what: 'connB sharing IdP entity ID and certificate with connA (only Audience/ACS tell them apart)',
      xml: () => signedA(),
      profile: connection('b', { idpEntityId: conn.idpEntityId, certificates: [K_A.cert] }),
      code: 'saml.audience_mismatch',
    },
    {
      id: 'TEN-06',
      what: 'a look-alike domain',
      xml: () => signedA({ nameId: 'ceo@orga.test.evil.test' }),
      code: 'saml.domain_not_verified',
    },
    // H. Identity
    {
      id: 'ID-01a',
      what: 'a transient NameID',
      xml: () => signedA({ nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' }),
      code: 'saml.nameid_invalid',
    },
    {
      id: 'ID-01b',
      what: 'an emailAddress NameID that is no email',
      xml: () => signedA({ nameId: 'not-an-email' }),
      code: 'saml.nameid_invalid',
    },
    {
      id: 'ID-01c',
      what: 'no NameID',
      xml: () => sign(base().replace(/<saml:NameID[^>]*>[^<]*<\/saml:NameID>/, ''), 'assertion'),
      code: 'saml.nameid_invalid',
    },
    {
      id: 'ID-02',
      what: 'a fullwidth domain',
      xml: () => signedA({ nameId: 'ceo@\uff4frga.test' }),
      code: 'saml.nameid_invalid',
    },
    {
      id: 'ID-04a',
      what: 'a deactivated user',
      xml: () => signedA({ nameId: 'gone@orga.test' }),
      ports: () => portsFor(conn, { 'gone@orga.test': 'deactivated' }),
      code: 'saml.user_inactive',
    },
    {
      id: 'SPEC-3.3',
      what: 'a user whose SSO is disabled (password only)',
      xml: () => signedA({ nameId: 'glass@orga.test' }),
      ports: () => portsFor(conn, { 'glass@orga.test': 'sso-disabled' }),
      code: 'saml.sso_not_allowed',
    },
    {
      id: 'ID-04b',
      what: 'a user who does not exist (no JIT)',
      xml: () => signedA({ nameId: 'newcomer@orga.test' }),
      code: 'saml.unknown_user',
    },
    // K. Binding
    {
      id: 'BIND-02a',
      what: 'invalid base64',
      xml: () => '',
      options: { encoded: '%%%not base64%%%' },
      code: 'saml.malformed_xml',
    },
    {
      id: 'BIND-02b',
      what: 'the URL-safe base64 alphabet',
      xml: () => '',
      options: { encoded: Buffer.from(signedA()).toString('base64url') },
      code: 'saml.malformed_xml',
    },
  ]
}
