/**
 * Check 14: the assertion ID has not been accepted before, by any instance (replay cache in the database,
 * keyed by issuer and assertion ID, kept until the assertion could no longer be valid; PRO-01, PRO-02,
 * PRO-12 OneTimeUse).
 */
import { attr } from '../../xml/dom.ts'
import { fail, need, type ACSContext } from '../context.ts'
import type { ACSPorts } from '../ports.ts'

export async function replay(ctx: ACSContext, ports: ACSPorts): Promise<void> {
  const assertionId = need(
    attr(need(ctx.signedAssertion, 'signed assertion'), 'ID'),
    'assertion ID',
  )
  const fresh = await ports.recordAssertion(
    ctx.profile.idpEntityId,
    assertionId,
    need(ctx.notOnOrAfter, 'NotOnOrAfter'),
    ctx.now,
  )
  if (!fresh) throw fail('saml.replayed', `assertion ${assertionId}`)
}
