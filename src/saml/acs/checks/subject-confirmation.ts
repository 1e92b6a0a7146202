/**
 * Check 10: at least one bearer SubjectConfirmation whose data names this ACS as Recipient, has a
 * NotOnOrAfter still in the future (within the skew) and no NotBefore (Profiles §4.1.4.2; PRO-08).
 * InResponseTo values found here are reconciled with the Response's by the InResponseTo check.
 */
import { attr, children, onlyChild } from '../../xml/dom.ts'
import { BEARER, NS } from '../../xml/namespaces.ts'
import { parseSAMLTime } from '../../xml/time.ts'
import { envelope, fail, need, type ACSContext } from '../context.ts'

export function subjectConfirmation(ctx: ACSContext): void {
  const subjects = children(need(ctx.signedAssertion, 'signed assertion'), NS.assertion, 'Subject')
  if (subjects.length !== 1)
    throw fail('saml.subject_confirmation_invalid', `${subjects.length} Subjects`)
  const reasons: string[] = []
  let recipientWrong = false
  for (const confirmation of children(
    subjects[0] as Element,
    NS.assertion,
    'SubjectConfirmation',
  )) {
    if (attr(confirmation, 'Method') !== BEARER) {
      reasons.push(`method ${attr(confirmation, 'Method')}`)
      continue
    }
    const data = onlyChild(confirmation, NS.assertion, 'SubjectConfirmationData')
    if (data === undefined || data === 'many') {
      reasons.push('no SubjectConfirmationData')
      continue
    }
    if (attr(data, 'Recipient') !== ctx.profile.acsUrl) {
      recipientWrong = true
      reasons.push(`Recipient ${attr(data, 'Recipient')}`)
      continue
    }
    if (attr(data, 'NotBefore') !== undefined) {
      reasons.push('NotBefore on a bearer confirmation')
      continue
    }
    const notOnOrAfter = parseSAMLTime(
      attr(data, 'NotOnOrAfter'),
      'SubjectConfirmationData@NotOnOrAfter',
    )
    if (ctx.now >= notOnOrAfter + ctx.profile.clockSkewMs) {
      throw fail('saml.expired', 'SubjectConfirmationData NotOnOrAfter passed')
    }
    const responseIRT = attr(envelope(ctx), 'InResponseTo')
    const dataIRT = attr(data, 'InResponseTo')
    // PRO-05: both present and different is a mismatch; the signed value wins when only it is there.
    if (responseIRT !== undefined && dataIRT !== undefined && responseIRT !== dataIRT) {
      throw fail(
        'saml.in_response_to_mismatch',
        'Response and SubjectConfirmationData InResponseTo differ',
      )
    }
    const inResponseTo = dataIRT ?? responseIRT
    if (inResponseTo === undefined) {
      reasons.push('no InResponseTo')
      continue
    }
    ctx.inResponseTo = inResponseTo
    ctx.bearerNotOnOrAfter = notOnOrAfter
    return
  }
  throw fail(
    recipientWrong ? 'saml.recipient_mismatch' : 'saml.subject_confirmation_invalid',
    reasons.join('; ').slice(0, 300) || 'no SubjectConfirmation',
  )
}
