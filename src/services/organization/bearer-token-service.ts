/**
 * Making, listing, revoking and checking an organization's bearer tokens; one implementation for Admin API
 * tokens and SCIM tokens, which differ only in their prefix, table and audit names.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { ErrorCode } from '../../errors/codes.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newId, newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import {
  LAST_USED_RESOLUTION_MS,
  MAX_TOKEN_LENGTH,
  useIsWorthRecording,
  validateTokenName,
  type BearerToken,
} from '../../api-tokens/api-token.ts'
import type { ActiveToken, BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'

export interface TokenRepositories {
  readonly orgs: OrganizationRepository
  readonly apiTokens: BearerTokenRepository
  readonly scimTokens: BearerTokenRepository
  readonly audit: AuditRepository
}

export interface TokenKind {
  /** Which table holds them. */
  readonly repository: 'apiTokens' | 'scimTokens'
  /** Every secret starts with it, so secret scanners can tell the kinds apart. */
  readonly prefix: string
  /** Audit target type and event prefix: `${audit}.created`, `${audit}.revoked`. */
  readonly audit: 'api_token' | 'scim_token'
  readonly notFound: ErrorCode
}

export interface BearerTokenServiceDeps {
  readonly store: Store<TokenRepositories>
  readonly clock: Clock
}

export class BearerTokenService {
  readonly #deps: BearerTokenServiceDeps
  readonly #kind: TokenKind

  constructor(deps: BearerTokenServiceDeps, kind: TokenKind) {
    this.#deps = deps
    this.#kind = kind
  }

  /** A new token for `orgId`; the secret is returned this once (256 random bits, stored hashed). */
  async create(
    orgId: string,
    rawName: unknown,
    actor: Actor,
  ): Promise<{ token: BearerToken; secret: string }> {
    const { store, clock } = this.#deps
    const name = validateTokenName(rawName)
    const secret = newSecret(this.#kind.prefix)
    const token: BearerToken = {
      id: newId(),
      orgId,
      name,
      tokenHash: hashSecret(secret),
      createdAt: clock.now(),
      createdBy: { type: actor.type, id: actor.id },
      lastUsedAt: null,
      revokedAt: null,
    }
    await store.transaction(async (repos) => {
      if (orgId === '' || (await repos.orgs.findById(orgId)) === undefined) {
        throw new AppError('org.not_found')
      }
      await repos[this.#kind.repository].insert(token)
      await repos.audit.insert(this.#event('created', actor, token))
    })
    return { token, secret }
  }

  list(orgId: string): Promise<BearerToken[]> {
    return this.#deps.store.read[this.#kind.repository].listForOrg(orgId)
  }

  /** Revokes it at once for every instance (each call looks the hash up); audited. */
  async revoke(orgId: string, tokenId: string, actor: Actor): Promise<BearerToken> {
    const { store, clock } = this.#deps
    return store.transaction(async (repos) => {
      const tokens = repos[this.#kind.repository]
      const token = await tokens.findById(orgId, tokenId)
      const now = clock.now()
      if (token === undefined || !(await tokens.revoke(orgId, tokenId, now))) {
        throw new AppError(this.#kind.notFound)
      }
      await repos.audit.insert(this.#event('revoked', actor, token))
      return { ...token, revokedAt: now }
    })
  }

  /**
   * The live token a caller presents, with its organization, or undefined. Only the hash is looked
   * up, so the comparison happens inside the database index; the organization comes in the same read.
   * Use is recorded at most once per resolution: the row just read says when it was last recorded, so
   * most calls write nothing.
   */
  async authenticate(secret: string | undefined): Promise<ActiveToken | undefined> {
    const { store, clock } = this.#deps
    if (
      secret === undefined ||
      !secret.startsWith(this.#kind.prefix) ||
      secret.length > MAX_TOKEN_LENGTH
    ) {
      return undefined
    }
    const tokens = store.read[this.#kind.repository]
    const active = await tokens.findActiveByHash(hashSecret(secret))
    if (active === undefined) return undefined
    const now = clock.now()
    if (useIsWorthRecording(active.token, now)) {
      await tokens.touch(active.token.id, now, LAST_USED_RESOLUTION_MS)
    }
    return active
  }

  #event(what: 'created' | 'revoked', actor: Actor, token: BearerToken) {
    return auditEvent(this.#deps.clock, {
      orgId: token.orgId,
      type: `${this.#kind.audit}.${what}`,
      outcome: 'success',
      actor,
      target: { type: this.#kind.audit, id: token.id },
      details: { name: token.name },
    })
  }
}
