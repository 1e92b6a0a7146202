/**
 * Check 11: time (SAML Core §2.5.1.2; PRO-09, PRO-13). Conditions NotBefore/NotOnOrAfter within the
 * connection's skew (NotOnOrAfter exclusive); IssueInstant neither in the future nor older than the
 * maximum assertion age; an AuthnStatement present, its SessionNotOnOrAfter not past.
 */
import { attr, children } from '../../xml/dom.ts'
import { NS } from '../../xml/namespaces.ts'
import { parseSAMLTime } from '../../xml/time.ts'
import { fail, need, type ACSContext } from '../context.ts'

/** An assertion issued longer ago than this is refused whatever its NotOnOrAfter says. */
export const MAX_ASSERTION_AGE_MS = 5 * 60_000

export function time(ctx: ACSContext): void {
  const assertion = need(ctx.signedAssertion, 'signed assertion')
  const skew = ctx.profile.clockSkewMs
  const now = ctx.now
  const conditions = children(assertion, NS.assertion, 'Conditions')[0] as Element
  const notBeforeText = attr(conditions, 'NotBefore')
  if (
    notBeforeText !== undefined &&
    parseSAMLTime(notBeforeText, 'Conditions@NotBefore') > now + skew
  ) {
    throw fail('saml.not_yet_valid', `NotBefore ${notBeforeText}`)
  }
  const notOnOrAfterText = attr(conditions, 'NotOnOrAfter')
  let notOnOrAfter = need(ctx.bearerNotOnOrAfter, 'bearer NotOnOrAfter')
  if (notOnOrAfterText !== undefined) {
    const value = parseSAMLTime(notOnOrAfterText, 'Conditions@NotOnOrAfter')
    if (now >= value + skew) throw fail('saml.expired', `NotOnOrAfter ${notOnOrAfterText}`)
    notOnOrAfter = Math.max(notOnOrAfter, value)
  }
  const issued = parseSAMLTime(attr(assertion, 'IssueInstant'), 'Assertion@IssueInstant')
  if (issued > now + skew) throw fail('saml.not_yet_valid', 'IssueInstant in the future')
  if (now - issued > MAX_ASSERTION_AGE_MS + skew) throw fail('saml.expired', 'IssueInstant too old')
  const statements = children(assertion, NS.assertion, 'AuthnStatement')
  if (statements.length === 0) throw fail('saml.malformed_response', 'no AuthnStatement')
  for (const statement of statements) {
    parseSAMLTime(attr(statement, 'AuthnInstant'), 'AuthnStatement@AuthnInstant')
    const sessionEnd = attr(statement, 'SessionNotOnOrAfter')
    if (sessionEnd !== undefined && now >= parseSAMLTime(sessionEnd, 'SessionNotOnOrAfter')) {
      throw fail('saml.expired', 'SessionNotOnOrAfter passed')
    }
  }
  // The replay cache keeps the assertion ID until it could no longer be accepted anyway.
  ctx.notOnOrAfter = Math.min(notOnOrAfter, issued + MAX_ASSERTION_AGE_MS) + skew
}
