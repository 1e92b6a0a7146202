/**
 * xmlsec1 (Debian's, on libxml2 and OpenSSL) as an independent XML signer: signs a SAML Response or
 * Assertion through a signature template, so the verifiers are checked against bytes xml-crypto did not
 * produce.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestKey } from './saml.ts'

const TEMPLATE = (id: string) =>
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
  '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
  '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
  `<ds:Reference URI="#${id}"><ds:Transforms>` +
  '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
  '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>' +
  '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/>' +
  '</ds:Reference></ds:SignedInfo><ds:SignatureValue/></ds:Signature>'

const ID_ATTRIBUTES = {
  Assertion: 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
  Response: 'urn:oasis:names:tc:SAML:2.0:protocol:Response',
} as const

export function xmlsecAvailable(): boolean {
  try {
    execFileSync('xmlsec1', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Signs `which` (its template goes right after its Issuer) with `key`, by xmlsec1. */
export function xmlsecSign(xml: string, which: 'Assertion' | 'Response', key: TestKey): string {
  const element = which === 'Assertion' ? /<saml:Assertion [^>]*>/ : /<samlp:Response [^>]*>/
  const open = element.exec(xml)
  const id = open === null ? undefined : /\sID="([^"]+)"/.exec(open[0])?.[1]
  if (open === null || id === undefined) throw new Error(`no ${which} with an ID`)
  const issuerEnd = xml.indexOf('</saml:Issuer>', open.index) + '</saml:Issuer>'.length
  const template = `${xml.slice(0, issuerEnd)}${TEMPLATE(id)}${xml.slice(issuerEnd)}`
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-xmlsec-'))
  try {
    writeFileSync(join(dir, 'key.pem'), key.key)
    writeFileSync(join(dir, 'in.xml'), template)
    execFileSync(
      'xmlsec1',
      [
        '--sign',
        '--privkey-pem',
        join(dir, 'key.pem'),
        `--id-attr:ID`,
        ID_ATTRIBUTES[which],
        '--output',
        join(dir, 'out.xml'),
        join(dir, 'in.xml'),
      ],
      { stdio: 'pipe' },
    )
    return readFileSync(join(dir, 'out.xml'), 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The same document with the character references libxml2 writes for some characters (NEL, U+2028)
 * replaced by the characters themselves, as an IdP that writes UTF-8 sends them: equal XML 1.0, equal
 * canonical form, so the signature still holds (`xmlsec1 --verify` accepts both).
 */
export function asRawCharacters(xml: string): string {
  return xml.replace(/&#x([0-9A-Fa-f]+);/g, (reference, hex: string) => {
    const code = Number.parseInt(hex, 16)
    return code >= 0x80 ? String.fromCodePoint(code) : reference
  })
}

/** Whether xmlsec1 verifies every signature of `which` in `xml` with `certificate` (PEM) alone. */
export function xmlsecVerifies(
  xml: string,
  which: 'Assertion' | 'Response',
  certificate: string,
): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-xmlsec-'))
  try {
    writeFileSync(join(dir, 'cert.pem'), certificate)
    writeFileSync(join(dir, 'in.xml'), xml)
    execFileSync(
      'xmlsec1',
      [
        '--verify',
        '--pubkey-cert-pem',
        join(dir, 'cert.pem'),
        '--id-attr:ID',
        ID_ATTRIBUTES[which],
        join(dir, 'in.xml'),
      ],
      { stdio: 'pipe' },
    )
    return true
  } catch {
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
