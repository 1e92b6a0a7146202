/**
 * Decrypting an assertion whose envelope passed `readEnvelope` (issue 28), by `xml-encryption` (the
 * library node-saml uses): RSA-OAEP unwraps the key with one of the SP's encryption keys, then AES-GCM or
 * AES-CBC decrypts the data. The library gets the already-parsed `EncryptedData` element (it never
 * re-parses the message) and, for AES-GCM, runs with its own insecure-algorithm refusal on as a second
 * line (for AES-CBC it must be off: the library counts CBC itself as insecure). Every
 * failure — no key of ours fits, a tampered key or ciphertext, bad padding — is the one
 * `saml.decryption_failed` with one detail, so the answer never says which step failed.
 *
 * The plaintext is then parsed by the one hardened parser in the namespace context of the
 * `EncryptedAssertion` (XML Encryption §4.4: a decrypted element is read where it stood, and encryptors
 * such as xmlsec1 leave the ancestors' namespace declarations out of the plaintext).
 */
import type { KeyObject } from 'node:crypto'
import { AppError } from '../../errors/app-error.ts'
import { escapeHTML } from '../../platform/escape-html.ts'
import { elementChildren, inScopeNamespaces, isElement } from '../xml/dom.ts'
import { NS } from '../xml/namespaces.ts'
import { parseXML } from '../xml/parse.ts'
import type { EncryptionEnvelope } from './envelope.ts'

/** One of the SP's assertion-encryption keys: the active one or one kept for a rotation's overlap. */
export interface DecryptionKey {
  readonly kid: string
  /** Base64 DER of the key's certificate, as published in the SP metadata. */
  readonly certificate: string
  readonly privateKey: KeyObject
  /** The same key as PEM, for OAEP with an MGF1 digest unlike its own (the library's JS path needs PEM). */
  readonly privateKeyPem: string
}

/** At most this many of our keys are tried on one message (a rotation overlaps two). */
export const MAX_DECRYPTION_ATTEMPTS = 3

const FAILED = 'no encryption key of this service decrypts the assertion'

/** The decrypted plaintext, or `saml.decryption_failed`. */
export async function decryptEnvelope(
  envelope: EncryptionEnvelope,
  keys: readonly DecryptionKey[],
): Promise<string> {
  const named = keys.filter((key) => key.certificate === envelope.recipientCertificate)
  const candidates = (named.length > 0 ? named : keys).slice(0, MAX_DECRYPTION_ATTEMPTS)
  // Loaded at the first encrypted assertion, not at start (most profiles never encrypt).
  const { decrypt: xmlDecrypt } = await import('xml-encryption')
  for (const key of candidates) {
    const plaintext = await attempt(xmlDecrypt, envelope, key)
    if (plaintext !== undefined) return plaintext
  }
  throw new AppError('saml.decryption_failed', { detail: FAILED })
}

function attempt(
  xmlDecrypt: typeof import('xml-encryption').decrypt,
  envelope: EncryptionEnvelope,
  key: DecryptionKey,
): Promise<string | undefined> {
  // Node's privateDecrypt takes the parsed key; the library's own OAEP code (MGF1 digest unlike the
  // OAEP digest, which OpenSSL cannot express) parses the key itself and needs it as PEM.
  const pem = envelope.oaepDigest !== envelope.mgf1Digest
  return new Promise((resolve) => {
    try {
      xmlDecrypt(
        // The typings say string; the library reads an already-parsed node as it is (lib/xmlenc.js).
        envelope.encryptedData as unknown as string,
        {
          key: (pem ? key.privateKeyPem : key.privateKey) as unknown as string,
          // The library counts AES-CBC with RSA-1_5 and 3DES as insecure. Ours refused the latter two
          // already, and lets CBC this far only after the Response's signature over it verified.
          disallowDecryptionWithInsecureAlgorithm: envelope.authenticated,
          warnInsecureAlgorithm: false,
        },
        (error, result) =>
          resolve(error === null && typeof result === 'string' ? result : undefined),
      )
    } catch {
      resolve(undefined)
    }
  })
}

/**
 * Parses the plaintext of `encryptedAssertion` as the one `saml:Assertion` it must be, in the namespace
 * context of its place in the response; DOCTYPE, size and depth are refused as for any message.
 */
export function parseDecryptedAssertion(plaintext: string, encryptedAssertion: Element): Element {
  const declaration = /^\s*<\?xml[^?]*\?>/.exec(plaintext)
  if (declaration !== null) {
    const encoding = /encoding\s*=\s*["']([^"']+)["']/i.exec(declaration[0])?.[1]
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      throw new AppError('saml.malformed_xml', {
        detail: `decrypted: declared encoding ${encoding}`,
      })
    }
  }
  const body = declaration === null ? plaintext : plaintext.slice(declaration[0].length)
  const context = inScopeNamespaces(elementChildren(encryptedAssertion)[0] ?? encryptedAssertion)
  const declarations = context
    .map(({ prefix, namespaceURI }) =>
      prefix === ''
        ? ` xmlns="${escapeHTML(namespaceURI)}"`
        : ` xmlns:${prefix}="${escapeHTML(namespaceURI)}"`,
    )
    .join('')
  const wrapper = parseXML(`<decrypted${declarations}>${body}</decrypted>`).documentElement
  const parts = elementChildren(wrapper)
  let text = ''
  for (let node = wrapper.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3 || node.nodeType === 4) text += node.nodeValue ?? ''
  }
  if (parts.length !== 1 || !isElement(parts[0], NS.assertion, 'Assertion') || text.trim() !== '') {
    throw new AppError('saml.malformed_response', {
      detail: 'the decrypted content is not one saml:Assertion',
    })
  }
  return parts[0] as Element
}
