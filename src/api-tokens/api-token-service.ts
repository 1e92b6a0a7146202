/** Minting admin API tokens for an organization (SPEC §7 `token create`). */
import { OPERATOR_CLI, type Actor } from '../audit/audit-event.ts'
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { OrganizationRepository } from '../orgs/organization-repository.ts'
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newId, newSecret } from '../platform/random.ts'
import type { Store } from '../platform/store.ts'
import { ADMIN_TOKEN_PREFIX, validateTokenName, type AdminAPIToken } from './api-token.ts'
import type { AdminAPITokenRepository } from './api-token-repository.ts'

export interface AdminAPITokenServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    apiTokens: AdminAPITokenRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
}

export interface CreateTokenInput {
  readonly orgId: unknown
  readonly name: unknown
}

export class AdminAPITokenService {
  readonly #deps: AdminAPITokenServiceDeps

  constructor(deps: AdminAPITokenServiceDeps) {
    this.#deps = deps
  }

  /**
   * The organization and token id a presented admin API token acts for; undefined when it is unknown or
   * revoked. Only the hash is looked up, so the comparison happens inside the database index.
   */
  async authenticate(token: string | undefined): Promise<AdminAPIToken | undefined> {
    if (token === undefined || !token.startsWith(ADMIN_TOKEN_PREFIX) || token.length > 100)
      return undefined
    return this.#deps.store.read.apiTokens.findActiveByHash(hashSecret(token))
  }

  /** Returns the token once; only its hash is kept. */
  async createToken(
    input: CreateTokenInput,
    actor: Actor = OPERATOR_CLI,
  ): Promise<{ token: string }> {
    const { clock, store } = this.#deps
    const name = validateTokenName(input.name)
    const orgId = typeof input.orgId === 'string' ? input.orgId.trim() : ''
    const token = newSecret(ADMIN_TOKEN_PREFIX)
    const record: AdminAPIToken = {
      id: newId(),
      orgId,
      name,
      tokenHash: hashSecret(token),
      createdAt: clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    }
    await store.transaction(async ({ orgs, apiTokens, audit }) => {
      if (orgId === '' || (await orgs.findById(orgId)) === undefined) {
        throw new AppError('org.not_found')
      }
      await apiTokens.insert(record)
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'api_token.created',
          outcome: 'success',
          actor,
          target: { type: 'api_token', id: record.id },
          details: { name },
        }),
      )
    })
    return { token }
  }
}
