/**
 * Check 4: is this response an answer to a request of ours? A response with no InResponseTo, neither on
 * the Response nor in any SubjectConfirmationData, is unsolicited: nothing in it is trusted or used, and
 * the caller turns it into a fresh SP-initiated login (SPEC §3.8; SECURITY-CASES PRO-04, FLOW-03). A
 * response that claims to be solicited must then match exactly (PRO-03).
 */
import { attr, children, descendants, isElement } from '../../xml/dom.ts'
import { NS } from '../../xml/namespaces.ts'
import { need, type ACSContext } from '../context.ts'

/** Thrown (not an AppError) to tell the caller to start a fresh login with the same profile. */
export class UnsolicitedResponse extends Error {
  override readonly name = 'UnsolicitedResponse'
}

export function solicitation(ctx: ACSContext): void {
  const response = need(ctx.response, 'response')
  const assertion = need(ctx.receivedAssertion, 'assertion')
  const claims = [attr(response, 'InResponseTo')]
  for (const subject of children(assertion, NS.assertion, 'Subject')) {
    for (const element of descendants(subject)) {
      if (isElement(element, NS.assertion, 'SubjectConfirmationData')) {
        claims.push(attr(element, 'InResponseTo'))
      }
    }
  }
  if (claims.every((value) => value === undefined || value === '')) {
    throw new UnsolicitedResponse('no InResponseTo')
  }
}
