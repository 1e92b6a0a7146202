/**
 * Check 13: InResponseTo answers a pending AuthnRequest of this connection, issued to this browser, not
 * expired, consumed now (STYLE rule 12; SPEC §3.6; PRO-03, TEN-05, FLOW-02).
 */
import { fail, need, type ACSContext } from '../context.ts'
import type { ACSPorts } from '../ports.ts'

export async function inResponseTo(ctx: ACSContext, ports: ACSPorts): Promise<void> {
  const requestId = need(ctx.inResponseTo, 'InResponseTo')
  const match = await ports.consumePendingRequest(
    ctx.profile.id,
    requestId,
    ctx.bindingHash,
    ctx.now,
  )
  if (match === undefined) {
    throw fail(
      'saml.in_response_to_mismatch',
      `no pending request ${requestId.slice(0, 80)} for this browser`,
    )
  }
  ctx.pending = match
}
