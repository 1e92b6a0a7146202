/**
 * Operator API tokens (issue 23): made, listed and revoked by the CLI, checked at every operator API
 * request (hash lookup, so a revocation holds at once on every instance), audited as the deployment's
 * events (no organization).
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newId, newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import {
  LAST_USED_RESOLUTION_MS,
  MAX_TOKEN_LENGTH,
  useIsWorthRecording,
  validateTokenName,
} from '../../api-tokens/api-token.ts'
import {
  OPERATOR_TOKEN_PREFIX,
  validateScopes,
  type OperatorToken,
} from '../../api-tokens/operator-token.ts'
import type { OperatorTokenRepository } from '../../api-tokens/operator-token-repository.ts'

export interface OperatorTokenServiceDeps {
  readonly store: Store<{ operatorTokens: OperatorTokenRepository; audit: AuditRepository }>
  readonly clock: Clock
}

export class OperatorTokenService {
  readonly #deps: OperatorTokenServiceDeps

  constructor(deps: OperatorTokenServiceDeps) {
    this.#deps = deps
  }

  /** A new token; its secret is returned this once (256 random bits, stored hashed). */
  async create(
    rawName: unknown,
    rawScopes: readonly unknown[] | undefined,
    actor: Actor,
  ): Promise<{ token: OperatorToken; secret: string }> {
    const { store, clock } = this.#deps
    const name = validateTokenName(rawName)
    const scopes = validateScopes(rawScopes)
    const secret = newSecret(OPERATOR_TOKEN_PREFIX)
    const token: OperatorToken = {
      id: newId(),
      name,
      tokenHash: hashSecret(secret),
      scopes,
      createdAt: clock.now(),
      createdBy: { type: actor.type, id: actor.id },
      lastUsedAt: null,
      revokedAt: null,
    }
    await store.transaction(async ({ operatorTokens, audit }) => {
      await operatorTokens.insert(token)
      await audit.insert(this.#event('created', actor, token))
    })
    return { token, secret }
  }

  list(): Promise<OperatorToken[]> {
    return this.#deps.store.read.operatorTokens.list()
  }

  async revoke(tokenId: string, actor: Actor): Promise<OperatorToken> {
    const { store, clock } = this.#deps
    return store.transaction(async ({ operatorTokens, audit }) => {
      const token = await operatorTokens.findById(tokenId)
      const now = clock.now()
      if (token === undefined || !(await operatorTokens.revoke(tokenId, now))) {
        throw new AppError('operator_token.not_found')
      }
      await audit.insert(this.#event('revoked', actor, token))
      return { ...token, revokedAt: now }
    })
  }

  /** The live operator token a caller presents, or undefined; its use recorded at most once a minute. */
  async authenticate(secret: string | undefined): Promise<OperatorToken | undefined> {
    const { store, clock } = this.#deps
    if (
      secret === undefined ||
      !secret.startsWith(OPERATOR_TOKEN_PREFIX) ||
      secret.length > MAX_TOKEN_LENGTH
    ) {
      return undefined
    }
    const tokens = store.read.operatorTokens
    const token = await tokens.findActiveByHash(hashSecret(secret))
    if (token === undefined) return undefined
    const now = clock.now()
    if (useIsWorthRecording(token, now)) await tokens.touch(token.id, now, LAST_USED_RESOLUTION_MS)
    return token
  }

  #event(what: 'created' | 'revoked', actor: Actor, token: OperatorToken) {
    return auditEvent(this.#deps.clock, {
      orgId: null,
      type: `operator_token.${what}`,
      outcome: 'success',
      actor,
      target: { type: 'operator_token', id: token.id },
      details: { name: token.name, scopes: token.scopes },
    })
  }
}
