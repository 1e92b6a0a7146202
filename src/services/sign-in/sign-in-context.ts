/**
 * What the sign-in pages say about where the user is: the application (the OIDC client's registered
 * name), the organization once the email step knows its domain, and where "back to the application"
 * leads — the client's initiate-login URI, else the operator's CONSOLE_URL, else the one registered
 * client that has an initiate-login URI (the common single-console deployment), else nowhere.
 * The organization comes from the email's verified domain only, so it says nothing about whether an
 * account exists (SPEC §3.3).
 */
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { ADMIN_CENTER_CLIENT_ID } from '../../oidc/oidc-client.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Store } from '../../platform/store.ts'
import { canonicalizeEmail } from '../../users/email.ts'

export interface SignInContext {
  readonly appName: string | undefined
  readonly orgName: string | undefined
  readonly backUrl: string | undefined
}

export interface SignInContextDeps {
  readonly store: Store<{
    clients: OIDCClientRepository
    domains: DomainRepository
    orgs: OrganizationRepository
  }>
  readonly consoleUrl: string | undefined
}

export class SignInContextService {
  readonly #deps: SignInContextDeps

  constructor(deps: SignInContextDeps) {
    this.#deps = deps
  }

  /** For a page of a login transaction (its client), with the organization of `email` when given. */
  async forClient(clientId: string | undefined, email?: string | null): Promise<SignInContext> {
    const { read } = this.#deps.store
    const client = clientId === undefined ? undefined : await read.clients.findById(clientId)
    const back =
      client?.initiateLoginUri ??
      (client === undefined ? await this.#defaultBackUrl() : this.#deps.consoleUrl)
    return {
      appName: client?.name,
      orgName: email ? await this.#organizationOf(email) : undefined,
      backUrl: back ?? undefined,
    }
  }

  async #defaultBackUrl(): Promise<string | undefined> {
    if (this.#deps.consoleUrl !== undefined) return this.#deps.consoleUrl
    const entries = await this.#deps.store.read.clients.withInitiateLoginUri(
      2,
      ADMIN_CENTER_CLIENT_ID,
    )
    return entries.length === 1 ? (entries[0]?.initiateLoginUri ?? undefined) : undefined
  }

  async #organizationOf(email: string): Promise<string | undefined> {
    let canonical
    try {
      canonical = canonicalizeEmail(email)
    } catch {
      return undefined
    }
    const domain = await this.#deps.store.read.domains.findVerifiedByName(canonical.domain)
    if (domain === undefined) return undefined
    return (await this.#deps.store.read.orgs.findById(domain.orgId))?.name
  }
}
