/**
 * Every audited change that the console should hear of becomes an event of the same transaction
 * (issue 24): the store hands each audit event here as it is written, with the repositories of its
 * transaction, and the event carries the resource as it is after the change — as the Admin API shows it.
 * One table maps audit types to event types, so a new way to change something that is audited is
 * an event too without anyone remembering to emit one.
 */
import type { AuditEvent } from '../../audit/audit-event.ts'
import { describeToken } from '../../api-tokens/api-token.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import { describeDomain } from '../../domains/describe-domain.ts'
import { verificationRecord, type VerificationRecordConfig } from '../../domains/domain.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { EventType, NewEvent } from '../../events/event.ts'
import { describeRun } from '../../imports/describe-run.ts'
import type { ImportRepository } from '../../imports/import-repository.ts'
import { describeOrganization } from '../../orgs/describe.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { describeProfile, profileView } from '../../sso-profiles/describe-profile.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import { describeUser } from '../../users/describe-user.ts'
import type { User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { describeEndpoint } from '../../webhooks/webhook-endpoint.ts'
import type { WebhookRepository } from '../../webhooks/webhook-repository.ts'

export interface RecorderRepositories {
  readonly users: UserRepository
  readonly orgs: OrganizationRepository
  readonly domains: DomainRepository
  readonly ssoProfiles: SSOProfileRepository
  readonly imports: ImportRepository
  readonly scimTokens: BearerTokenRepository
  readonly events: EventRepository
  readonly webhooks: WebhookRepository
}

export interface EventRecorderDeps {
  readonly publicUrl: string
  readonly domainRecord: VerificationRecordConfig
}

/** Which event an audit event is, by its type. */
export const FROM_AUDIT: Readonly<Record<string, EventType>> = {
  'user.invited': 'user.created',
  'user.provisioned': 'user.created',
  'user.imported': 'user.created',
  'user.adopted': 'user.created',
  'user.updated': 'user.updated',
  'user.names_updated': 'user.updated',
  'user.sso_override_changed': 'user.updated',
  'user.activated': 'user.updated',
  'org.ownership_transferred': 'user.updated',
  'user.deactivated': 'user.deactivated',
  'user.reactivated': 'user.reactivated',
  'user.deleted': 'user.deleted',
  'user.transferred_out': 'user.deleted',
  'org.created': 'organization.created',
  'org.updated': 'organization.updated',
  'org.settings_changed': 'organization.updated',
  'org.suspended': 'organization.updated',
  'org.resumed': 'organization.updated',
  'org.deleted': 'organization.deleted',
  'domain.verified': 'domain.verified',
  'domain.reverified': 'domain.verified',
  'domain.verification_failed': 'domain.verification_failed',
  'domain.unverified': 'domain.verification_failed',
  'sso.profile_created': 'sso_profile.created',
  'sso.profile_updated': 'sso_profile.updated',
  'sso.metadata_changed': 'sso_profile.updated',
  'sso.metadata_approved': 'sso_profile.updated',
  'sso.profile_deleted': 'sso_profile.deleted',
  'sso.expiry_warning': 'sso_profile.certificate_expiring',
  'enforcement.changed': 'enforcement.changed',
  'user.import_finished': 'import_run.finished',
  'user.import_failed': 'import_run.finished',
  'scim_token.created': 'scim_token.created',
  'scim_token.revoked': 'scim_token.revoked',
  'webhook.endpoint_failing': 'webhook_endpoint.failing',
}

type Data = Readonly<Record<string, unknown>>

export class EventRecorder {
  readonly #deps: EventRecorderDeps

  constructor(deps: EventRecorderDeps) {
    this.#deps = deps
  }

  /** Appends the events the audit events stand for; audit events of no event type are skipped. */
  async record(audits: readonly AuditEvent[], repos: RecorderRepositories): Promise<void> {
    const users = await usersOf(audits, repos)
    for (const audit of audits) {
      const type = FROM_AUDIT[audit.type]
      if (type === undefined) continue
      for (const data of await this.#data(type, audit, repos, users)) {
        const event: NewEvent = {
          type,
          orgId: audit.orgId,
          occurredAt: audit.occurredAt,
          actor: { type: audit.actor.type, id: audit.actor.id },
          data,
        }
        await repos.events.append(event)
      }
    }
  }

  /** The resource (or resources) the event is about, as it is now; none when it is gone already. */
  async #data(
    type: EventType,
    audit: AuditEvent,
    repos: RecorderRepositories,
    users: ReadonlyMap<string, User>,
  ): Promise<Data[]> {
    const orgId = audit.orgId ?? ''
    const id = audit.target?.id ?? ''
    const details = audit.details ?? {}
    const one = (data: Data | undefined) => (data === undefined ? [] : [data])
    if (isUserEvent(type)) {
      return userIdsOf(audit).flatMap((userId) => {
        const user = users.get(userKey(orgId, userId))
        return user === undefined ? [] : [describeUser(user)]
      })
    }
    switch (type) {
      case 'user.deleted':
        return [{ id, email: details['email'] ?? null }]
      case 'organization.created':
      case 'organization.updated': {
        const org = await repos.orgs.findById(orgId)
        return one(org && describeOrganization(org))
      }
      case 'organization.deleted':
        return [{ id, name: details['name'] ?? null, externalId: details['externalId'] ?? null }]
      case 'domain.verified':
      case 'domain.verification_failed': {
        const domain = await repos.domains.findById(orgId, id)
        return one(
          domain && describeDomain(domain, verificationRecord(domain, this.#deps.domainRecord)),
        )
      }
      case 'sso_profile.created':
      case 'sso_profile.updated':
      case 'sso_profile.certificate_expiring': {
        const profile = await repos.ssoProfiles.findById(orgId, id)
        if (profile === undefined) return []
        const view = profileView(profile, await repos.domains.listForOrg(orgId), audit.occurredAt)
        const body = describeProfile(view, this.#deps.publicUrl)
        return [
          type === 'sso_profile.certificate_expiring'
            ? { ...body, expiring: { code: details['code'] ?? null, at: details['at'] ?? null } }
            : body,
        ]
      }
      case 'sso_profile.deleted':
        return [{ id }]
      case 'enforcement.changed':
        return [{ ...details }]
      case 'import_run.finished': {
        const run = await repos.imports.findRun(orgId, id)
        return one(run && describeRun(run))
      }
      case 'scim_token.created':
      case 'scim_token.revoked': {
        const token = await repos.scimTokens.findById(orgId, id)
        return one(token && describeToken(token))
      }
      case 'webhook_endpoint.failing': {
        const endpoint = await repos.webhooks.findEndpoint(id)
        return one(endpoint && describeEndpoint(endpoint))
      }
      case 'session.revoked':
        return []
    }
  }
}

/** The events that describe users as they are now. */
const USER_EVENTS = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
] as const satisfies readonly EventType[]

function isUserEvent(type: EventType): type is (typeof USER_EVENTS)[number] {
  return (USER_EVENTS as readonly EventType[]).includes(type)
}

const userKey = (orgId: string, userId: string) => `${orgId}/${userId}`

/**
 * The users a user event from `audit` describes: the target, and for an ownership transfer (which
 * changes two users' roles) the previous owner too.
 */
function userIdsOf(audit: AuditEvent): string[] {
  const previous = audit.details?.['previousOwnerId']
  const id = audit.target?.id ?? ''
  return typeof previous === 'string' ? [id, previous] : [id]
}

/**
 * The users the user events of `audits` are about (an ownership transfer's previous owner too), read
 * a few queries in all rather than one a user: an import of 100,000 rows records as many events.
 */
async function usersOf(
  audits: readonly AuditEvent[],
  repos: RecorderRepositories,
): Promise<Map<string, User>> {
  const byOrg = new Map<string, Set<string>>()
  for (const audit of audits) {
    const type = FROM_AUDIT[audit.type]
    if (type === undefined || !isUserEvent(type)) continue
    const orgId = audit.orgId ?? ''
    const ofOrg = byOrg.get(orgId) ?? new Set<string>()
    for (const id of userIdsOf(audit)) ofOrg.add(id)
    byOrg.set(orgId, ofOrg)
  }
  const users = new Map<string, User>()
  for (const [orgId, ids] of byOrg) {
    for (const user of await repos.users.findByIds(orgId, [...ids])) {
      users.set(userKey(orgId, user.id), user)
    }
  }
  return users
}
