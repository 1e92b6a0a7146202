/**
 * Check 12: the NameID is the user's email (SPEC §3.7; ID-01, ID-02, XML-09). Exactly one plain NameID
 * (no EncryptedID or BaseID), format emailAddress, unspecified or none, read from the signed bytes and
 * canonicalized with the one canonicaliser every door uses. Attributes never override it (ID-03).
 */
import { AppError } from '../../../errors/app-error.ts'
import { canonicalizeEmail } from '../../../users/email.ts'
import { attr, children, elementChildren, textOf } from '../../xml/dom.ts'
import { NAMEID_EMAIL, NAMEID_UNSPECIFIED, NS } from '../../xml/namespaces.ts'
import { fail, need, type ACSContext } from '../context.ts'

const FORMATS = new Set([NAMEID_EMAIL, NAMEID_UNSPECIFIED])

export function nameId(ctx: ACSContext): void {
  const subject = children(
    need(ctx.signedAssertion, 'signed assertion'),
    NS.assertion,
    'Subject',
  )[0] as Element
  const identifiers = elementChildren(subject).filter((e) => e.localName !== 'SubjectConfirmation')
  if (
    identifiers.length !== 1 ||
    identifiers[0]?.localName !== 'NameID' ||
    identifiers[0].namespaceURI !== NS.assertion
  ) {
    throw fail('saml.nameid_invalid', 'Subject needs exactly one NameID')
  }
  const element = identifiers[0]
  const format = attr(element, 'Format')
  if (format !== undefined && !FORMATS.has(format))
    throw fail('saml.nameid_invalid', `format ${format}`)
  const value = textOf(element)
  let email
  try {
    email = canonicalizeEmail(value)
  } catch (error) {
    if (error instanceof AppError)
      throw fail('saml.nameid_invalid', `not an email: ${value.slice(0, 100)}`)
    throw error
  }
  ctx.nameId = { value, format, email: email.canonical, domain: email.domain }
}
