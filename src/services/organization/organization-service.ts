/** Creating organizations with their owner, as the operator does (SPEC §7 `org create`). */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent, userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { domainOwner } from '../../domains/domain.ts'
import { assertAdmitted, INVITE_ADMISSION } from '../../users/admission.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { newId } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import { invitationURL, issueInvitation } from '../../users/invitation.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import { newInvitedUser } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { validateOrganizationName, type Organization } from '../../orgs/organization.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'

export interface OrganizationServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    users: UserRepository
    domains: DomainRepository
    invitations: InvitationRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  readonly inviteTtlMs: number
}

export interface CreateOrganizationInput {
  readonly name: unknown
  readonly adminEmail: unknown
}

export interface CreateOrganizationResult {
  readonly organizationId: string
  readonly adminUserId: string
  readonly inviteUrl: string
}

export class OrganizationService {
  readonly #deps: OrganizationServiceDeps

  constructor(deps: OrganizationServiceDeps) {
    this.#deps = deps
  }

  /** Creates the organization and its owner (invited) with an invitation link, in one transaction. */
  async createOrganization(
    input: CreateOrganizationInput,
    actor: Actor,
  ): Promise<CreateOrganizationResult> {
    const { clock, store, publicUrl, inviteTtlMs } = this.#deps
    const name = validateOrganizationName(input.name)
    const email = canonicalizeEmail(input.adminEmail)
    const now = clock.now()
    const org: Organization = { id: newId(), name, settings: {}, createdAt: now, updatedAt: now }
    const owner = newInvitedUser(newId(), now, {
      orgId: org.id,
      email: email.email,
      emailCanonical: email.canonical,
      role: 'owner',
    })
    const { invitation, token } = issueInvitation(clock, inviteTtlMs, org.id, owner.id)
    await store.transaction(async ({ orgs, users, domains, invitations, audit }) => {
      // The owner too: a new organization gets no account in another organization's verified domain.
      // The holder is left to the unique index (user.email_taken, the same code).
      assertAdmitted(
        INVITE_ADMISSION,
        domainOwner(org.id, await domains.findVerifiedByName(email.domain)),
        'nobody',
        { domain: email.domain },
      )
      await orgs.insert(org)
      await users.insert(owner)
      await invitations.insert(invitation)
      await audit.insert(
        auditEvent(clock, {
          orgId: org.id,
          type: 'org.created',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: org.id },
          details: { name },
        }),
      )
      await audit.insert(
        userEvent(clock, {
          orgId: org.id,
          type: 'user.invited',
          actor,
          userId: owner.id,
          details: { role: 'owner', expiresAt: invitation.expiresAt },
        }),
      )
    })
    return {
      organizationId: org.id,
      adminUserId: owner.id,
      inviteUrl: invitationURL(publicUrl, token),
    }
  }
}
