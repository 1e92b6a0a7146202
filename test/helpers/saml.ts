/**
 * A test IdP that signs real XML (SECURITY-CASES §0): builders for SAML responses, signing with xml-crypto
 * as the catalogue shows, and the connections connA/connB. Mutators in tests work on the signed string.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SignedXml } from 'xml-crypto'
import type { ACSProfile } from '../../src/saml/acs/context.ts'
import { ROOT } from './processes.ts'

const KEYS = join(ROOT, 'test/fixtures/saml/keys')

export interface TestKey {
  readonly key: string
  readonly cert: string
}

export function testKey(name: string): TestKey {
  return {
    key: readFileSync(join(KEYS, `${name}.key`), 'utf8'),
    cert: readFileSync(join(KEYS, `${name}.crt`), 'utf8'),
  }
}

export const K_A = testKey('idp-a')
export const K_B = testKey('idp-b')
export const K_X = testKey('attacker')

export function connection(name: string, overrides: Partial<ACSProfile> = {}): ACSProfile {
  return {
    id: name,
    orgId: `org-of-${name}`,
    idpEntityId: `https://idp-${name}.test`,
    spEntityId: `https://sp.test/saml/${name}`,
    acsUrl: `https://sp.test/saml/${name}/acs`,
    certificates: [K_A.cert],
    signaturePolicy: 'assertion',
    assertionEncryption: 'accepted',
    clockSkewMs: 120_000,
    ...overrides,
  }
}

export interface ResponseOptions {
  readonly conn: ACSProfile
  readonly nameId?: string
  readonly nameIdFormat?: string | null
  readonly inResponseTo?: string | null
  /** SubjectConfirmationData@InResponseTo; defaults to `inResponseTo`. */
  readonly scdInResponseTo?: string | null
  readonly audience?: string | null
  readonly destination?: string | null
  readonly recipient?: string | null
  readonly issuer?: string
  readonly now: number
  readonly notBefore?: number | null
  readonly notOnOrAfter?: number | null
  readonly scdNotOnOrAfter?: number | null
  readonly issueInstant?: number
  readonly status?: string
  readonly responseId?: string
  readonly assertionId?: string
  readonly method?: string
  readonly extraConditions?: string
  /** One AttributeValue per string; several for an array. */
  readonly attributes?: Record<string, string | readonly string[]>
}

const iso = (ms: number) => new Date(ms).toISOString()
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

export function newId(): string {
  return `_${randomBytes(16).toString('hex')}`
}

/** An unsigned, valid Response for `conn` (every field overridable; null removes it). */
export function buildResponse(o: ResponseOptions): string {
  const c = o.conn
  const irt = o.inResponseTo === undefined ? '_request1' : o.inResponseTo
  const scdIrt = o.scdInResponseTo === undefined ? irt : o.scdInResponseTo
  const audience = o.audience === undefined ? c.spEntityId : o.audience
  const destination = o.destination === undefined ? c.acsUrl : o.destination
  const recipient = o.recipient === undefined ? c.acsUrl : o.recipient
  const notBefore = o.notBefore === undefined ? o.now - 30_000 : o.notBefore
  const notOnOrAfter = o.notOnOrAfter === undefined ? o.now + 300_000 : o.notOnOrAfter
  const scdNotOnOrAfter = o.scdNotOnOrAfter === undefined ? o.now + 300_000 : o.scdNotOnOrAfter
  const issued = iso(o.issueInstant ?? o.now)
  const issuer = esc(o.issuer ?? c.idpEntityId)
  const format =
    o.nameIdFormat === undefined
      ? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'
      : o.nameIdFormat
  const attributes = Object.entries(o.attributes ?? { email: o.nameId ?? 'mallory@orga.test' })
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${esc(name)}">${(typeof value === 'string' ? [value] : value)
          .map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('')
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${o.responseId ?? newId()}" Version="2.0" IssueInstant="${issued}"` +
    (destination === null ? '' : ` Destination="${esc(destination)}"`) +
    (irt === null ? '' : ` InResponseTo="${esc(irt)}"`) +
    `><saml:Issuer>${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    `<saml:Assertion ID="${o.assertionId ?? newId()}" Version="2.0" IssueInstant="${issued}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID${format === null ? '' : ` Format="${format}"`}>${esc(o.nameId ?? 'mallory@orga.test')}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${o.method ?? 'urn:oasis:names:tc:SAML:2.0:cm:bearer'}"><saml:SubjectConfirmationData` +
    (scdIrt === null ? '' : ` InResponseTo="${esc(scdIrt)}"`) +
    (scdNotOnOrAfter === null ? '' : ` NotOnOrAfter="${iso(scdNotOnOrAfter)}"`) +
    (recipient === null ? '' : ` Recipient="${esc(recipient)}"`) +
    `/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions` +
    (notBefore === null ? '' : ` NotBefore="${iso(notBefore)}"`) +
    (notOnOrAfter === null ? '' : ` NotOnOrAfter="${iso(notOnOrAfter)}"`) +
    `>` +
    (audience === null
      ? ''
      : `<saml:AudienceRestriction><saml:Audience>${esc(audience)}</saml:Audience></saml:AudienceRestriction>`) +
    (o.extraConditions ?? '') +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion></samlp:Response>`
  )
}

export type SignTarget = 'assertion' | 'response' | 'both'

export interface SignOptions {
  readonly key?: TestKey
  readonly signatureAlgorithm?: string
  readonly digestAlgorithm?: string
  readonly transforms?: readonly string[]
  /** InclusiveNamespaces PrefixList of both exclusive c14n steps (SignedInfo and the Reference). */
  readonly inclusivePrefixes?: readonly string[]
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256'
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#'
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'

function signOne(xml: string, which: 'Assertion' | 'Response', options: SignOptions): string {
  const key = options.key ?? K_A
  const sig = new SignedXml({
    privateKey: key.key,
    publicCert: key.cert,
    getKeyInfoContent: SignedXml.getKeyInfoContent,
    signatureAlgorithm: (options.signatureAlgorithm ?? RSA_SHA256) as never,
    canonicalizationAlgorithm: EXC_C14N,
    inclusiveNamespacesPrefixList: [...(options.inclusivePrefixes ?? [])],
  })
  const xpath = which === 'Assertion' ? "//*[local-name(.)='Assertion']" : '/*'
  sig.addReference({
    xpath,
    digestAlgorithm: (options.digestAlgorithm ?? SHA256) as never,
    transforms: [...(options.transforms ?? [ENVELOPED, EXC_C14N])] as never,
    inclusiveNamespacesPrefixList: [...(options.inclusivePrefixes ?? [])],
  })
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: {
      reference:
        which === 'Assertion'
          ? "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']"
          : "/*/*[local-name(.)='Issuer']",
      action: 'after',
    },
  })
  return sig.getSignedXml()
}

/** Signs the assertion, the response, or both (assertion first, as the catalogue says). */
export function sign(xml: string, target: SignTarget, options: SignOptions = {}): string {
  let out = xml
  if (target === 'assertion' || target === 'both') out = signOne(out, 'Assertion', options)
  if (target === 'response' || target === 'both') out = signOne(out, 'Response', options)
  return out
}

export function encode(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64')
}
