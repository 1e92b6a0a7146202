/**
 * Binds every repository to a handle: the database, or one transaction (platform/store.ts). What is
 * audited is also offered to the event recorder (`onAudit`) with the same repositories, so every change
 * that is audited can become an event of the same transaction; a transaction's events are written just
 * before it commits.
 */
import type { Store } from '../platform/store.ts'
import type { Database, Executor } from './database.ts'
import { SQLBearerTokenRepository } from './repositories/api-token-repository.ts'
import { SQLAuditRepository } from './repositories/audit-repository.ts'
import { SQLInvitationRepository } from './repositories/invitation-repository.ts'
import { SQLOIDCClientRepository } from './repositories/oidc-client-repository.ts'
import { SQLOrganizationRepository } from './repositories/organization-repository.ts'
import { SQLUserRepository } from './repositories/user-repository.ts'
import { SQLAccessTokenRepository } from './repositories/access-token-repository.ts'
import { SQLAuthCodeRepository } from './repositories/auth-code-repository.ts'
import { SQLDomainRepository } from './repositories/domain-repository.ts'
import { SQLJobLeaseRepository } from './repositories/job-lease-repository.ts'
import { SQLSSOProfileRepository } from './repositories/sso-profile-repository.ts'
import { SQLSAMLRequestRepository } from './repositories/saml-request-repository.ts'
import { SQLMaintenanceRepository } from './repositories/maintenance-repository.ts'
import { SQLLoginTransactionRepository } from './repositories/login-transaction-repository.ts'
import { SQLRateLimitRepository } from './repositories/rate-limit-repository.ts'
import { SQLSessionRepository } from './repositories/session-repository.ts'
import { SQLSigningKeyRepository } from './repositories/signing-key-repository.ts'
import { SQLOutboxRepository } from './repositories/outbox-repository.ts'
import { SQLSCIMRepository } from './repositories/scim-repository.ts'
import { SQLImportRepository } from './repositories/import-repository.ts'
import { SQLKnownDeviceRepository } from './repositories/known-device-repository.ts'
import { SQLOperatorTokenRepository } from './repositories/operator-token-repository.ts'
import { SQLIdempotencyRepository } from './repositories/idempotency-repository.ts'
import { SQLSetupLinkRepository } from './repositories/setup-link-repository.ts'
import { SQLEventRepository } from './repositories/event-repository.ts'
import { SQLWebauthnChallengeRepository } from './repositories/webauthn-challenge-repository.ts'
import { SQLFactorRepository } from './repositories/factor-repository.ts'
import { SQLWebhookRepository } from './repositories/webhook-repository.ts'
import { SQLRoleMappingRepository } from './repositories/role-mapping-repository.ts'
import type { AuditEvent } from '../audit/audit-event.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'

export function bindRepositories(db: Executor, database: Database, inTransaction = false) {
  return Object.freeze({
    orgs: new SQLOrganizationRepository(db, database),
    users: new SQLUserRepository(db, database),
    invitations: new SQLInvitationRepository(db),
    passwordResets: new SQLInvitationRepository(db, 'password_resets'),
    clients: new SQLOIDCClientRepository(db),
    apiTokens: new SQLBearerTokenRepository(db, 'admin_api_tokens'),
    audit: new SQLAuditRepository(db),
    domains: new SQLDomainRepository(db, database),
    jobLeases: new SQLJobLeaseRepository(db),
    ssoProfiles: new SQLSSOProfileRepository(db),
    samlRequests: new SQLSAMLRequestRepository(db),
    maintenance: new SQLMaintenanceRepository(db),
    sessions: new SQLSessionRepository(db),
    loginTransactions: new SQLLoginTransactionRepository(db),
    authCodes: new SQLAuthCodeRepository(db),
    accessTokens: new SQLAccessTokenRepository(db),
    signingKeys: new SQLSigningKeyRepository(db),
    rateLimits: new SQLRateLimitRepository(db),
    outbox: new SQLOutboxRepository(db),
    scimTokens: new SQLBearerTokenRepository(db, 'scim_tokens'),
    scim: new SQLSCIMRepository(db, database),
    imports: new SQLImportRepository(db),
    knownDevices: new SQLKnownDeviceRepository(db),
    operatorTokens: new SQLOperatorTokenRepository(db),
    idempotency: new SQLIdempotencyRepository(db),
    setupLinks: new SQLSetupLinkRepository(db),
    events: new SQLEventRepository(db, database, inTransaction),
    webhooks: new SQLWebhookRepository(db),
    factors: new SQLFactorRepository(db),
    webauthnChallenges: new SQLWebauthnChallengeRepository(db),
    roleMappings: new SQLRoleMappingRepository(db),
  })
}

export type Repositories = ReturnType<typeof bindRepositories>

/** Called with every audit event as it is written, and the repositories of its transaction. */
export type AuditHook = (events: readonly AuditEvent[], repos: Repositories) => Promise<void>

/**
 * `onAudit` sees every audit event as it is written (the event recorder); `onEventsCommitted` is told
 * after a transaction that wrote events commits (the webhook fan-out runs then, not at its next poll).
 */
export function createStore(
  database: Database,
  onAudit?: AuditHook,
  onEventsCommitted?: () => void,
): Store<Repositories> {
  const bind = (db: Executor, inTransaction: boolean): Repositories => {
    const repos = bindRepositories(db, database, inTransaction)
    if (onAudit === undefined) return repos
    const audit = repos.audit
    const recorded: AuditRepository = {
      insert: async (event) => {
        await audit.insert(event)
        await onAudit([event], withAudit)
      },
      insertMany: async (events) => {
        await audit.insertMany(events)
        await onAudit(events, withAudit)
      },
      listForOrg: (orgId, limit) => audit.listForOrg(orgId, limit),
      query: (orgId, query) => audit.query(orgId, query),
    }
    const withAudit = Object.freeze({ ...repos, audit: recorded }) as Repositories
    return withAudit
  }
  return Object.freeze({
    read: bind(database.db, false),
    transaction: async <T>(work: (repos: Repositories) => Promise<T>) => {
      let written = 0
      const result = await database.transaction(async (trx) => {
        const repos = bind(trx, true)
        const result = await work(repos)
        written = await repos.events.flush()
        return result
      })
      if (written > 0) onEventsCommitted?.()
      return result
    },
  })
}
