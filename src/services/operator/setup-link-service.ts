/**
 * Setup links (issue 23): the operator makes one for an organization and an intent; the customer's admin
 * opens it from the console and lands on that page of the Admin Center — after signing in, and only as
 * an admin or owner of that organization. A link works once, for a few minutes; it never signs anyone in.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import { ADMIN_CENTER_CLIENT_ID } from '../../oidc/oidc-client.ts'
import { isSuspended } from '../../orgs/organization.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { SETUP_PAGES, setupLinkURL, validateIntent, type SetupLink } from '../../orgs/setup-link.ts'
import type { SetupLinkRepository } from '../../orgs/setup-link-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'

export interface SetupLinkServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    clients: OIDCClientRepository
    setupLinks: SetupLinkRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  readonly ttlMs: number
}

export interface SetupLinkInput {
  readonly intent: unknown
  readonly returnUrl?: unknown
}

/** Where an opened link sends its admin, and where "back to the console" goes from there. */
export interface SetupLanding {
  readonly orgId: string
  readonly path: string
  readonly returnUrl: string | null
  /** What the browser keeps to find `returnUrl` again (the used link's hash: no longer a secret). */
  readonly idHash: string
}

export class SetupLinkService {
  readonly #deps: SetupLinkServiceDeps

  constructor(deps: SetupLinkServiceDeps) {
    this.#deps = deps
  }

  async create(
    orgId: string,
    input: SetupLinkInput,
    actor: Actor,
  ): Promise<{ url: string; expiresAt: number; link: SetupLink }> {
    const { store, clock, publicUrl, ttlMs } = this.#deps
    const intent = validateIntent(input.intent)
    const returnUrl = await this.registeredReturnUrl(input.returnUrl)
    const secret = newSecret('psl_')
    const now = clock.now()
    const link: SetupLink = {
      idHash: hashSecret(secret),
      orgId,
      intent,
      returnUrl,
      createdAt: now,
      createdById: actor.id,
      expiresAt: now + ttlMs,
      usedAt: null,
    }
    await store.transaction(async ({ orgs, setupLinks, audit }) => {
      const org = await orgs.findById(orgId)
      if (org === undefined) throw new AppError('org.not_found')
      if (isSuspended(org)) throw new AppError('org.suspended')
      await setupLinks.insert(link)
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'setup_link.created',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: { intent, returnUrl, expiresAt: link.expiresAt },
        }),
      )
    })
    return { url: setupLinkURL(publicUrl, secret), expiresAt: link.expiresAt, link }
  }

  /** The organization a usable link is for (not using it up); `login.setup_link_invalid` otherwise. */
  async peek(secret: string): Promise<string> {
    const link = await this.#deps.store.read.setupLinks.findUsable(
      hashSecret(secret),
      this.#deps.clock.now(),
    )
    if (link === undefined) throw new AppError('login.setup_link_invalid')
    return link.orgId
  }

  /**
   * Uses the link up for `user` of `orgId` (the signed-in admin): one statement, so of two tabs
   * opening it exactly one lands. `login.setup_link_invalid` when it is used, expired, or for another
   * organization.
   */
  async use(secret: string, orgId: string, actor: Actor): Promise<SetupLanding> {
    const { store, clock } = this.#deps
    return store.transaction(async ({ orgs, setupLinks, audit }) => {
      const link = await setupLinks.consume(hashSecret(secret), orgId, clock.now())
      const org = link === undefined ? undefined : await orgs.findById(link.orgId)
      if (link === undefined || org === undefined || isSuspended(org)) {
        throw new AppError('login.setup_link_invalid')
      }
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'setup_link.used',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: { intent: link.intent },
        }),
      )
      return {
        orgId,
        path: SETUP_PAGES[link.intent],
        returnUrl: link.returnUrl,
        idHash: link.idHash,
      }
    })
  }

  /**
   * Where "back to the console" goes for an admin of `orgId` who came through the link whose hash the
   * browser kept: its return URL while it is still a registered one; null otherwise.
   */
  async returnUrlFor(idHash: string | undefined, orgId: string): Promise<string | null> {
    if (idHash === undefined) return null
    const link = await this.#deps.store.read.setupLinks.findForOrg(idHash, orgId)
    if (link?.returnUrl == null) return null
    try {
      return await this.registeredReturnUrl(link.returnUrl)
    } catch {
      return null
    }
  }

  /**
   * `input` when it is exactly one of a registered console client's redirect, post-logout or
   * initiate-login URIs (never the Admin Center's); null when absent. Checked again whenever it is used.
   */
  async registeredReturnUrl(input: unknown): Promise<string | null> {
    if (input === undefined || input === null) return null
    const clients = await this.#deps.store.read.clients.list()
    const known = clients.some(
      (client) =>
        client.id !== ADMIN_CENTER_CLIENT_ID &&
        (client.redirectUris.includes(input as string) ||
          client.postLogoutRedirectUris.includes(input as string) ||
          client.initiateLoginUri === input),
    )
    if (typeof input !== 'string' || !known) {
      throw new AppError('setup_link.invalid_return_url', { details: { field: 'returnUrl' } })
    }
    return input
  }
}
