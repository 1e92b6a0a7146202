/**
 * What an SSO profile is linked to, checked inside the caller's transaction: the verified domains of its
 * organization that it serves (each by at most one profile), and the client IdP-initiated logins go to.
 */
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import { canonicalizeDomain } from '../../users/email.ts'

/** Sets the verified domains this profile serves; a domain is served by at most one profile. */
export async function serveDomains(
  repos: { domains: DomainRepository },
  orgId: string,
  profileId: string,
  names: readonly string[],
  now: number,
): Promise<void> {
  const wanted = new Set(names.map((n) => canonicalizeDomain(n.trim()) ?? `invalid:${n}`))
  const domains = await repos.domains.listForOrg(orgId)
  for (const name of wanted) {
    const domain = domains.find((d) => d.name === name)
    if (domain === undefined || domain.status === 'unverified') {
      throw new AppError('sso.domain_not_verified', { details: { domain: name } })
    }
    if (domain.ssoProfileId !== null && domain.ssoProfileId !== profileId) {
      throw new AppError('sso.domain_served_elsewhere', { details: { domain: name } })
    }
  }
  for (const domain of domains) {
    const serves = wanted.has(domain.name)
    if (serves && domain.ssoProfileId !== profileId) {
      await repos.domains.update(orgId, domain.id, { ssoProfileId: profileId }, now)
    } else if (!serves && domain.ssoProfileId === profileId) {
      await repos.domains.update(orgId, domain.id, { ssoProfileId: null }, now)
    }
  }
}

/** The default client must exist and have an initiate-login URI. */
export async function checkDefaultClient(
  clients: OIDCClientRepository,
  clientId: string | null | undefined,
): Promise<void> {
  if (clientId === null || clientId === undefined) return
  const client = await clients.findById(clientId)
  if (client === undefined || client.initiateLoginUri === null) {
    throw new AppError('sso.invalid_settings', {
      details: {
        field: 'defaultClientId',
        reason: 'a registered client with an initiate-login URI',
      },
    })
  }
}
