/**
 * Check 6: the signed Assertion's Issuer is this connection's IdP entity ID, exactly; a Response Issuer,
 * when present, too (SPEC §3.6; SECURITY-CASES PRO-10, TEN-05).
 */
import { attr, children, textOf } from '../../xml/dom.ts'
import { ISSUER_ENTITY, NS } from '../../xml/namespaces.ts'
import { envelope, fail, need, type ACSContext } from '../context.ts'

export function issuer(ctx: ACSContext): void {
  const expected = ctx.profile.idpEntityId
  const assertionIssuers = children(
    need(ctx.signedAssertion, 'signed assertion'),
    NS.assertion,
    'Issuer',
  )
  if (assertionIssuers.length !== 1)
    throw fail('saml.issuer_mismatch', `${assertionIssuers.length} Assertion Issuers`)
  checkIssuer(assertionIssuers[0] as Element, expected, 'Assertion')
  const responseIssuers = children(envelope(ctx), NS.assertion, 'Issuer')
  if (responseIssuers.length > 1) throw fail('saml.issuer_mismatch', 'several Response Issuers')
  if (responseIssuers[0] !== undefined) checkIssuer(responseIssuers[0], expected, 'Response')
}

function checkIssuer(element: Element, expected: string, where: string): void {
  const format = attr(element, 'Format')
  if (format !== undefined && format !== ISSUER_ENTITY)
    throw fail('saml.issuer_mismatch', `${where} Issuer Format ${format}`)
  const value = textOf(element).trim()
  if (value !== expected)
    throw fail('saml.issuer_mismatch', `${where} Issuer "${value.slice(0, 200)}"`)
}
