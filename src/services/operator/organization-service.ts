/**
 * The operator's organizations (SPEC §6, issue 23): created with their owner (idempotently: on the
 * console's own customer id and on an `Idempotency-Key`), listed, read. What changes an organization
 * afterwards (plan, suspension, deletion) is in org-change-service.ts.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent, userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { domainOwner } from '../../domains/domain.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError, isAppError } from '../../errors/app-error.ts'
import { IDEMPOTENCY_KEY_TTL_MS } from '../../orgs/idempotency-key.ts'
import type { IdempotencyRepository } from '../../orgs/idempotency-repository.ts'
import {
  newOrganization,
  validateExternalId,
  validateFeatures,
  validateOrganizationName,
  type Feature,
  type Organization,
} from '../../orgs/organization.ts'
import type {
  OrganizationListQuery,
  OrganizationRepository,
} from '../../orgs/organization-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { toPage, type Page } from '../../platform/page.ts'
import { newId } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import { assertAdmitted, INVITE_ADMISSION } from '../../users/admission.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import { invitationURL, issueInvitation, type EmailDelivery } from '../../users/invitation.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import { newInvitedUser, type User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { InvitationService } from '../directory/invitation-service.ts'

export interface OrganizationServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    users: UserRepository
    domains: DomainRepository
    invitations: InvitationRepository
    idempotency: IdempotencyRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  /** How long the owner's invitation works (the deployment's invitation lifetime). */
  readonly inviteTtlMs: number
  /** The plan of an organization created without `features`. */
  readonly defaultFeatures: readonly Feature[]
  readonly invitations: InvitationService
}

export interface CreateOrganizationInput {
  readonly name: unknown
  readonly ownerEmail: unknown
  readonly externalId?: unknown
  /** The plan: the features it includes; the deployment's default when absent. */
  readonly features?: unknown
  /** Mail the owner's invitation (default true); the link is returned either way. */
  readonly sendInvitation?: boolean
}

/** What may be shown of an organization's owner. */
export interface OwnerSummary {
  readonly id: string
  readonly email: string
  readonly status: User['status']
}

export interface OrganizationView {
  readonly organization: Organization
  readonly owner: OwnerSummary | null
}

export type CreateOrganizationResult = OrganizationView &
  (
    | {
        /** Made by this request: the owner's invitation link is returned this once. */
        readonly created: true
        readonly invitation: {
          readonly url: string
          readonly expiresAt: number
          readonly emailDelivery: EmailDelivery | 'not_requested'
        }
      }
    /** A retry of a create that already happened: nothing new was made, no link is returned again. */
    | { readonly created: false }
  )

/** The idempotency keys' operation name for creates. */
const CREATE = 'orgs.create'

/** What one attempt at a create did: made the organization, or found the one a retry asks for. */
type Attempt =
  | { readonly replay: string }
  | {
      readonly org: Organization
      readonly owner: User
      readonly token: string
      readonly expiresAt: number
    }

export class OrganizationService {
  readonly #deps: OrganizationServiceDeps

  constructor(deps: OrganizationServiceDeps) {
    this.#deps = deps
  }

  /**
   * Creates the organization and its owner (invited) with an invitation link, in one transaction. A
   * request that repeats one already done — same `externalId` and name, or same `idempotencyKey` and
   * body — makes nothing and answers with what exists (`created: false`); the same external id with
   * another name is `org.external_id_taken` (409, the existing organization's id in the details).
   */
  async create(
    input: CreateOrganizationInput,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<CreateOrganizationResult> {
    const request = {
      name: validateOrganizationName(input.name),
      email: canonicalizeEmail(input.ownerEmail),
      externalId: validateExternalId(input.externalId),
      features:
        input.features === undefined
          ? [...this.#deps.defaultFeatures]
          : validateFeatures(input.features),
    }
    const requestHash = hashSecret(
      JSON.stringify([
        request.name,
        request.email.canonical,
        request.externalId,
        request.features,
        input.sendInvitation !== false,
      ]),
    )
    const attempt = () => this.#create(request, requestHash, idempotencyKey, actor)
    let made
    try {
      made = await attempt()
    } catch (error) {
      // A concurrent create with the same external id committed first (PostgreSQL raises at the
      // unique index once it has): once more, now seeing it, answers as a retry would be answered.
      if (!isAppError(error) || error.code !== 'org.external_id_taken') throw error
      made = await attempt()
    }
    if ('replay' in made) return { created: false, ...(await this.get(made.replay)) }
    const { org, owner, token, expiresAt } = made
    const url = invitationURL(this.#deps.publicUrl, token)
    const emailDelivery =
      input.sendInvitation === false
        ? 'not_requested'
        : await this.#deps.invitations.mailInvitation(owner, url)
    return {
      created: true,
      organization: org,
      owner: summary(owner),
      invitation: { url, expiresAt, emailDelivery },
    }
  }

  async #create(
    request: {
      name: string
      email: ReturnType<typeof canonicalizeEmail>
      externalId: string | null
      features: Feature[]
    },
    requestHash: string,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<Attempt> {
    const { clock, store, inviteTtlMs } = this.#deps
    const { name, email, externalId, features } = request
    const now = clock.now()
    const org = newOrganization(newId(), now, { name, externalId, features })
    const owner = newInvitedUser(newId(), now, {
      orgId: org.id,
      email: email.email,
      emailCanonical: email.canonical,
      role: 'owner',
    })
    const { invitation, token } = issueInvitation(clock, inviteTtlMs, org.id, owner.id)
    return store.transaction(async (repos): Promise<Attempt> => {
      if (idempotencyKey !== undefined) {
        const record = {
          operation: CREATE,
          key: idempotencyKey,
          requestHash,
          orgId: org.id,
          createdAt: now,
          expiresAt: now + IDEMPOTENCY_KEY_TTL_MS,
        }
        if (!(await repos.idempotency.claim(record, now))) {
          const first = await repos.idempotency.find(CREATE, idempotencyKey)
          if (first === undefined) throw new AppError('service.unavailable')
          if (first.requestHash !== requestHash) throw new AppError('idempotency.key_reused')
          return { replay: first.orgId }
        }
      }
      if (externalId !== null) {
        const existing = await repos.orgs.findByExternalId(externalId)
        if (existing !== undefined) {
          if (existing.name !== name) {
            throw new AppError('org.external_id_taken', {
              details: { field: 'externalId', organizationId: existing.id },
            })
          }
          return { replay: existing.id }
        }
      }
      // The owner too: a new organization gets no account in another organization's verified domain.
      // The holder is left to the unique index (user.email_taken, the same code).
      assertAdmitted(
        INVITE_ADMISSION,
        domainOwner(org.id, await repos.domains.findVerifiedByName(email.domain)),
        'nobody',
        { domain: email.domain },
      )
      await repos.orgs.insert(org)
      await repos.users.insert(owner)
      await repos.invitations.insert(invitation)
      await repos.audit.insert(
        auditEvent(clock, {
          orgId: org.id,
          type: 'org.created',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: org.id },
          details: { name, externalId, features },
        }),
      )
      await repos.audit.insert(
        userEvent(clock, {
          orgId: org.id,
          type: 'user.invited',
          actor,
          userId: owner.id,
          details: { role: 'owner', expiresAt: invitation.expiresAt },
        }),
      )
      return { org, owner, token, expiresAt: invitation.expiresAt }
    })
  }

  /**
   * The CLI's and the tests' form (SPEC §7 `org create`): a new organization, its owner's link returned
   * and not mailed, as `{ organizationId, adminUserId, inviteUrl }`.
   */
  async createOrganization(
    input: { readonly name: unknown; readonly adminEmail: unknown },
    actor: Actor,
  ): Promise<{ organizationId: string; adminUserId: string; inviteUrl: string }> {
    const made = await this.create(
      { name: input.name, ownerEmail: input.adminEmail, sendInvitation: false },
      undefined,
      actor,
    )
    // Without an external id or a key nothing can be a retry: every call makes one.
    if (!made.created) throw new TypeError('an organization without external id was replayed')
    return {
      organizationId: made.organization.id,
      adminUserId: made.owner?.id ?? '',
      inviteUrl: made.invitation.url,
    }
  }

  /** The organization and its owner; `org.not_found` when there is none. */
  async get(orgId: string): Promise<OrganizationView> {
    const { orgs, users } = this.#deps.store.read
    const organization = await orgs.findById(orgId)
    if (organization === undefined) throw new AppError('org.not_found')
    const owner = (await users.listPrivileged(orgId)).find((user) => user.role === 'owner')
    return { organization, owner: owner === undefined ? null : summary(owner) }
  }

  async list(query: OrganizationListQuery): Promise<Page<Organization>> {
    const rows = await this.#deps.store.read.orgs.list(query)
    return toPage(rows, query.limit, (org) => ({ at: org.createdAt, id: org.id }))
  }

  /**
   * A new invitation link for the owner who has not accepted one yet (earlier links die): what the
   * console asks for when a sign-up's first answer was lost and the retry returned no link.
   */
  async reissueOwnerInvitation(orgId: string, actor: Actor) {
    const { owner } = await this.get(orgId)
    if (owner === null || owner.status !== 'invited') throw new AppError('org.owner_active')
    return this.#deps.invitations.reissueInvitation(orgId, owner.id, actor)
  }
}

function summary(user: User): OwnerSummary {
  return { id: user.id, email: user.email, status: user.status }
}
