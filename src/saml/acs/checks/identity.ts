/**
 * Check 15: the NameID's email is an active managed user of this connection's organization, in one of
 * its verified domains (SPEC §3.7; SECURITY-CASES I7, TEN-01, TEN-02, TEN-06, ID-04). No just-in-time
 * provisioning, no lookup outside the organization.
 */
import { fail, need, type ACSContext } from '../context.ts'
import type { ACSPorts } from '../ports.ts'

export async function identity(ctx: ACSContext, ports: ACSPorts): Promise<void> {
  const nameId = need(ctx.nameId, 'NameID')
  const orgId = ctx.profile.orgId
  if (!(await ports.isVerifiedDomain(orgId, nameId.domain))) {
    throw fail('saml.domain_not_verified', `domain ${nameId.domain}`)
  }
  const user = await ports.findUser(orgId, nameId.email)
  if (user === undefined) throw fail('saml.unknown_user', `no user ${nameId.email}`)
  if (user.status !== 'active') {
    throw fail('saml.user_inactive', `user ${user.id} is ${user.status}`)
  }
  // SPEC §3.3: a user whose SSO is disabled signs in with a password only, IdP-initiated or not.
  if (user.ssoOverride === 'disabled') {
    throw fail('saml.sso_not_allowed', `user ${user.id} has SSO disabled`)
  }
  ctx.userId = user.id
}
