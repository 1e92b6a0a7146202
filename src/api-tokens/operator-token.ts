/**
 * Operator API tokens (issue 23): deployment-wide bearer credentials of the SaaS operator's backend,
 * made by the CLI, shown once, stored as a hash, each with the scopes it may use. They belong to no
 * organization and are never an organization's admin; an organization's Admin API token is never one.
 */
import type { Actor } from '../audit/audit-event.ts'
import { AppError } from '../errors/app-error.ts'

/** Distinct from Admin API (`pcat_`) and SCIM tokens, so secret scanners tell the kinds apart. */
export const OPERATOR_TOKEN_PREFIX = 'pcop_'

export const OPERATOR_SCOPES = ['orgs:read', 'orgs:write', 'clients:write', 'events:read'] as const
export type OperatorScope = (typeof OPERATOR_SCOPES)[number]

export interface OperatorToken {
  readonly id: string
  readonly name: string
  readonly tokenHash: string
  readonly scopes: readonly OperatorScope[]
  readonly createdAt: number
  readonly createdBy: Pick<Actor, 'type' | 'id'> | null
  readonly lastUsedAt: number | null
  readonly revokedAt: number | null
}

/** Scopes: each known, none twice, in the one order; every scope when none is given. */
export function validateScopes(input: readonly unknown[] | undefined): OperatorScope[] {
  if (input === undefined || input.length === 0) return [...OPERATOR_SCOPES]
  for (const scope of input) {
    if (!(OPERATOR_SCOPES as readonly unknown[]).includes(scope)) {
      throw new AppError('operator_token.invalid_scope', {
        details: { field: 'scope', value: String(scope).slice(0, 50) },
      })
    }
  }
  return OPERATOR_SCOPES.filter((scope) => input.includes(scope))
}

/** What may be shown of an operator token (never its hash). */
export function describeOperatorToken(token: OperatorToken) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    createdAt: new Date(token.createdAt).toISOString(),
    createdBy: token.createdBy,
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  }
}
