/**
 * Who is calling the Admin API and what they may do (SPEC §4, §7): an admin API token acts with the
 * admin role in its own organization. Another organization's objects answer 404, never 403, so their
 * existence is not revealed (STYLE rule 8).
 */
import type { FastifyRequest } from 'fastify'
import type { AdminAPITokenService } from '../../../api-tokens/api-token-service.ts'
import type { Actor } from '../../../audit/audit-event.ts'
import { AppError } from '../../../errors/app-error.ts'
import type { Role } from '../../../users/user.ts'

export interface AdminPrincipal {
  readonly orgId: string
  readonly role: Role
  readonly actor: Actor
}

const ROLE_RANK: Readonly<Record<Role, number>> = { member: 0, admin: 1, owner: 2 }

export interface AdminAuthDeps {
  readonly apiTokens: AdminAPITokenService
}

/** Resolves the caller and checks the organization in the path; throws 401/404/403 AppErrors. */
export async function authorizeAdmin(
  deps: AdminAuthDeps,
  request: FastifyRequest,
  orgId: string,
  minimumRole: Role = 'admin',
): Promise<AdminPrincipal> {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')
  const token = await deps.apiTokens.authenticate(match?.[1])
  if (token === undefined) throw new AppError('auth.unauthenticated')
  const principal: AdminPrincipal = {
    orgId: token.orgId,
    role: 'admin',
    actor: {
      type: 'admin_token',
      id: token.id,
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
    },
  }
  if (principal.orgId !== orgId) throw new AppError('org.not_found')
  if (ROLE_RANK[principal.role] < ROLE_RANK[minimumRole]) throw new AppError('auth.forbidden')
  return principal
}
