/**
 * Check 3: document shape (I5). The root is a SAML 2.0 Response; exactly one Assertion, a direct child of
 * it, and no Assertion anywhere else (Advice, Extensions, Signature/Object); no EncryptedAssertion; IDs
 * unique across the document under every spelling (ID, Id, id, prefixed); no ds:Object or ds:Manifest.
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
  if (all.some((e) => isElement(e, NS.assertion, 'EncryptedAssertion'))) {
    throw new AppError('saml.encrypted_unsupported')
  }
  const assertions = all.filter((e) => e.localName === 'Assertion')
  const direct = children(root, NS.assertion, 'Assertion')
  if (assertions.length !== 1 || direct.length !== 1) {
    throw fail(
      'saml.malformed_response',
      `${assertions.length} Assertion elements, ${direct.length} in place`,
    )
  }
  const assertion = direct[0] as Element
  checkVersionAndId(assertion, 'Assertion')
  if (
    all.some(
      (e) => e.namespaceURI === NS.dsig && (e.localName === 'Object' || e.localName === 'Manifest'),
    )
  ) {
    throw fail('saml.signature_invalid', 'ds:Object or ds:Manifest present')
  }
  const seen = new Set<string>()
  for (const element of [root, ...all]) {
    for (let i = 0; i < element.attributes.length; i++) {
      const attribute = element.attributes.item(i)
      if (attribute === null || !['ID', 'Id', 'id'].includes(attribute.localName ?? '')) continue
      if (seen.has(attribute.value))
        throw fail('saml.malformed_response', `duplicate ID ${attribute.value}`)
      seen.add(attribute.value)
    }
  }
  ctx.response = root
  ctx.receivedAssertion = assertion
}

function checkVersionAndId(element: Element, what: string): void {
  if (attr(element, 'Version') !== '2.0') throw fail('saml.malformed_response', `${what} Version`)
  const id = attr(element, 'ID')
  if (id === undefined || !XML_ID.test(id)) throw fail('saml.malformed_response', `${what} ID`)
}
