/** Making, listing and revoking SCIM tokens (Admin API `scim-tokens`), and checking one on a SCIM call. */
import type { Actor } from '../audit/audit-event.ts'
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import { validateTokenName } from '../api-tokens/api-token.ts'
import { AppError } from '../errors/app-error.ts'
import type { Clock } from '../platform/clock.ts'
import { constantEquals, hashSecret } from '../platform/crypto.ts'
import { newId, newSecret } from '../platform/random.ts'
import type { Store } from '../platform/store.ts'
import { LAST_USED_RESOLUTION_MS, SCIM_TOKEN_PREFIX, type SCIMToken } from './scim-token.ts'
import type { SCIMTokenRepository } from './scim-token-repository.ts'

export interface SCIMTokenServiceDeps {
  readonly store: Store<{ scimTokens: SCIMTokenRepository; audit: AuditRepository }>
  readonly clock: Clock
}

export class SCIMTokenService {
  readonly #deps: SCIMTokenServiceDeps

  constructor(deps: SCIMTokenServiceDeps) {
    this.#deps = deps
  }

  /** A new token for `orgId`; the secret is returned this once (256 random bits, stored hashed). */
  async createToken(
    orgId: string,
    rawName: unknown,
    actor: Actor,
  ): Promise<{ token: SCIMToken; secret: string }> {
    const { store, clock } = this.#deps
    const secret = newSecret(SCIM_TOKEN_PREFIX)
    const token: SCIMToken = {
      id: newId(),
      orgId,
      name: validateTokenName(rawName),
      tokenHash: hashSecret(secret),
      createdAt: clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    }
    await store.transaction(async ({ scimTokens, audit }) => {
      await scimTokens.insert(token)
      await audit.insert(this.#event(orgId, 'scim_token.created', actor, token))
    })
    return { token, secret }
  }

  listTokens(orgId: string): Promise<SCIMToken[]> {
    return this.#deps.store.read.scimTokens.listForOrg(orgId)
  }

  async revokeToken(orgId: string, tokenId: string, actor: Actor): Promise<void> {
    const { store, clock } = this.#deps
    await store.transaction(async ({ scimTokens, audit }) => {
      const token = (await scimTokens.listForOrg(orgId)).find((t) => t.id === tokenId)
      if (token === undefined || !(await scimTokens.revoke(orgId, tokenId, clock.now()))) {
        throw new AppError('scim_token.not_found')
      }
      await audit.insert(this.#event(orgId, 'scim_token.revoked', actor, token))
    })
  }

  /**
   * The token a SCIM call presents, for the organization its URL names. Unknown, revoked and other
   * organizations' tokens are one and the same 401 (SECURITY-CASES SCIM-01: nothing says whether the
   * organization exists).
   */
  async authenticate(secret: string | undefined, orgId: string): Promise<SCIMToken> {
    const { store, clock } = this.#deps
    if (secret === undefined || !secret.startsWith(SCIM_TOKEN_PREFIX) || secret.length > 100) {
      throw new AppError('scim.unauthorized')
    }
    const token = await store.read.scimTokens.findActiveByHash(hashSecret(secret))
    if (token === undefined || !constantEquals(token.orgId, orgId)) {
      throw new AppError('scim.unauthorized')
    }
    // The row just read says when it was last recorded: most calls write nothing. The UPDATE keeps its
    // own condition, so instances racing past this check still record one time per resolution.
    const now = clock.now()
    if (token.lastUsedAt === null || token.lastUsedAt <= now - LAST_USED_RESOLUTION_MS) {
      await store.read.scimTokens.touch(token.id, now, LAST_USED_RESOLUTION_MS)
    }
    return token
  }

  #event(orgId: string, type: string, actor: Actor, token: SCIMToken) {
    return auditEvent(this.#deps.clock, {
      orgId,
      type,
      outcome: 'success',
      actor,
      target: { type: 'scim_token', id: token.id },
      details: { name: token.name },
    })
  }
}
