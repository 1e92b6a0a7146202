/**
 * Check 3: document shape (I5). The root is a SAML 2.0 Response with exactly one assertion, a direct child
 * of it: either one Assertion, and no Assertion anywhere else (Advice, Extensions, Signature/Object), or —
 * when the profile accepts encryption — one EncryptedAssertion and no Assertion at all (the decrypt check
 * then reads it). A profile with encryption off refuses an EncryptedAssertion; one that requires it refuses
 * a plaintext Assertion. IDs unique across the document under every spelling (ID, Id, id, prefixed); no
 * ds:Object or ds:Manifest.
 */
import { AppError } from '../../../errors/app-error.ts'
import { attr, children, descendants, isElement } from '../../xml/dom.ts'
import { NS } from '../../xml/namespaces.ts'
import { fail, need, type ACSContext } from '../context.ts'

// xs:ID is an NCName; SAML IDs are opaque and short in practice (PRO-14).
const XML_ID = /^[A-Za-z_][A-Za-z0-9._-]{0,255}$/

export function shape(ctx: ACSContext): void {
  const root: Element = need(ctx.doc, 'doc').documentElement
  const rootName = `{${root.namespaceURI}}${root.localName}`
  if (!isElement(root, NS.protocol, 'Response')) {
    throw fail('saml.malformed_response', `root is ${rootName}`)
  }
  checkVersionAndId(root, 'Response')
  const all = descendants(root)
  const encrypted = all.filter((e) => isElement(e, NS.assertion, 'EncryptedAssertion'))
  const assertions = all.filter((e) => e.localName === 'Assertion')
  if (encrypted.length > 0) {
    if (ctx.profile.assertionEncryption === 'off') throw new AppError('saml.encrypted_unsupported')
    const direct = children(root, NS.assertion, 'EncryptedAssertion')
    if (encrypted.length !== 1 || direct.length !== 1 || assertions.length > 0) {
      throw fail(
        'saml.malformed_response',
        `${encrypted.length} EncryptedAssertion and ${assertions.length} Assertion elements`,
      )
    }
    checkParts([root, ...all], new Set())
    ctx.response = root
    ctx.encryptedAssertion = direct[0] as Element
    return
  }
  const direct = children(root, NS.assertion, 'Assertion')
  if (assertions.length !== 1 || direct.length !== 1) {
    throw fail(
      'saml.malformed_response',
      `${assertions.length} Assertion elements, ${direct.length} in place`,
    )
  }
  if (ctx.profile.assertionEncryption === 'required') {
    throw new AppError('saml.encryption_required')
  }
  const assertion = direct[0] as Element
  checkVersionAndId(assertion, 'Assertion')
  checkParts([root, ...all], new Set())
  ctx.response = root
  ctx.receivedAssertion = assertion
  ctx.encryption = { encrypted: false }
}

/**
 * A decrypted assertion's own shape: Version and ID, no assertion nested in it, and the document rules
 * below over its elements, its IDs unique together with the response's (`seen`).
 */
export function checkDecryptedAssertion(assertion: Element, response: Element): void {
  checkVersionAndId(assertion, 'Assertion')
  const inside = descendants(assertion)
  if (inside.some((e) => e.localName === 'Assertion' || e.localName === 'EncryptedAssertion')) {
    throw fail('saml.malformed_response', 'an assertion inside the decrypted assertion')
  }
  const seen = new Set<string>()
  collectIds([response, ...descendants(response)], seen)
  checkParts([assertion, ...inside], seen)
}

/** No ds:Object or ds:Manifest; IDs unique under every spelling (with those already `seen`). */
function checkParts(elements: readonly Element[], seen: Set<string>): void {
  if (
    elements.some(
      (e) => e.namespaceURI === NS.dsig && (e.localName === 'Object' || e.localName === 'Manifest'),
    )
  ) {
    throw fail('saml.signature_invalid', 'ds:Object or ds:Manifest present')
  }
  collectIds(elements, seen)
}

function collectIds(elements: readonly Element[], seen: Set<string>): void {
  for (const element of elements) {
    for (let i = 0; i < element.attributes.length; i++) {
      const attribute = element.attributes.item(i)
      if (attribute === null || !['ID', 'Id', 'id'].includes(attribute.localName ?? '')) continue
      if (seen.has(attribute.value))
        throw fail('saml.malformed_response', `duplicate ID ${attribute.value}`)
      seen.add(attribute.value)
    }
  }
}

function checkVersionAndId(element: Element, what: string): void {
  if (attr(element, 'Version') !== '2.0') throw fail('saml.malformed_response', `${what} Version`)
  const id = attr(element, 'ID')
  if (id === undefined || !XML_ID.test(id)) throw fail('saml.malformed_response', `${what} ID`)
}
