/**
 * Who is calling the Admin API (SPEC §4, §7): an admin API token, or a signed-in user's Portcullis
 * session, acting with that user's role. A token acts with the admin role in its organization; one made
 * by a user only while that user is an active admin or owner there, checked at every request (on every
 * instance: the maker is read from the database), so it never outlives its maker's rights (issue 21).
 * Session-authenticated changes must carry a CSRF token derived from the session secret, which only a
 * same-origin page can read (from GET /api/v1/session).
 */
import type { AdminAPITokenService } from './api-token-service.ts'
import type { BearerToken } from '../../api-tokens/api-token.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { AppError } from '../../errors/app-error.ts'
import { constantEquals, hashSecret } from '../../platform/crypto.ts'
import type { Store } from '../../platform/store.ts'
import type { Role, User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { RequestContext } from '../../audit/request-context.ts'
import type { SessionService } from '../sign-in/session-service.ts'
import { FRESH_SIGN_IN_MS, type Session } from '../../sessions/session.ts'
import type { Clock } from '../../platform/clock.ts'
import { assertServes, type Feature } from '../../orgs/organization.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'

export interface AdminPrincipal {
  readonly orgId: string
  readonly role: Role
  readonly actor: Actor
  /** The signed-in user, for session callers; null for API tokens. */
  readonly user: User | null
  /** Hash of the session secret, for session callers: what binds their connection tests to them. */
  readonly sessionHash: string | null
  /** When a session caller last signed in (the session's start); null for API tokens. */
  readonly authenticatedAt: number | null
  /** The plan of the organization: what its routes may do (issue 23). */
  readonly features: readonly Feature[]
  readonly organizationName: string
}

/** Whether `principal` may make a change that needs a fresh sign-in at `now`. */
export function hasFreshSignIn(principal: AdminPrincipal, now: number): boolean {
  return principal.authenticatedAt === null || now - principal.authenticatedAt <= FRESH_SIGN_IN_MS
}

export interface AdminCredentials {
  readonly bearerToken: string | undefined
  readonly sessionSecret: string | undefined
  readonly csrfToken: string | undefined
  /** GET/HEAD need no CSRF token: they change nothing. */
  readonly safeMethod: boolean
}

const ROLE_RANK: Readonly<Record<Role, number>> = { member: 0, admin: 1, owner: 2 }

export function hasRole(principal: Pick<AdminPrincipal, 'role'>, minimum: Role): boolean {
  return ROLE_RANK[principal.role] >= ROLE_RANK[minimum]
}

/** The CSRF token of a session: a one-way function of its secret. */
export function csrfTokenFor(sessionSecret: string): string {
  return hashSecret(`portcullis-csrf:${sessionSecret}`)
}

export interface AdminPrincipalServiceDeps {
  readonly apiTokens: AdminAPITokenService
  readonly sessions: SessionService
  readonly store: Store<{ users: UserRepository; orgs: OrganizationRepository }>
  readonly clock: Clock
}

export class AdminPrincipalService {
  readonly #deps: AdminPrincipalServiceDeps

  constructor(deps: AdminPrincipalServiceDeps) {
    this.#deps = deps
  }

  /** Throws `auth.unauthenticated` (401) or `auth.csrf_failed` (403). */
  async resolve(credentials: AdminCredentials, context: RequestContext): Promise<AdminPrincipal> {
    const { bearerToken, sessionSecret } = credentials
    if (bearerToken !== undefined) {
      const active = await this.#deps.apiTokens.authenticate(bearerToken)
      if (active === undefined) throw new AppError('auth.unauthenticated')
      const { token } = active
      const role = await this.#tokenRole(token)
      if (role === undefined) throw new AppError('auth.unauthenticated')
      const org = assertServes(active.organization)
      return {
        orgId: token.orgId,
        features: org.features,
        organizationName: org.name,
        role,
        user: null,
        sessionHash: null,
        authenticatedAt: null,
        actor: { type: 'admin_token', id: token.id, ip: context.ip, userAgent: context.userAgent },
      }
    }
    const signedIn = await this.#sessionAndUser(sessionSecret)
    if (signedIn === undefined || sessionSecret === undefined)
      throw new AppError('auth.unauthenticated')
    const { user, session } = signedIn
    // A session of a suspended organization does not resolve (SessionService); one deleted meanwhile:
    const org = assertServes(await this.#deps.store.read.orgs.findById(user.orgId))
    if (!credentials.safeMethod) {
      const expected = csrfTokenFor(sessionSecret)
      if (credentials.csrfToken === undefined || !constantEquals(credentials.csrfToken, expected)) {
        throw new AppError('auth.csrf_failed')
      }
    }
    return {
      orgId: user.orgId,
      features: org.features,
      organizationName: org.name,
      role: user.role,
      user,
      sessionHash: hashSecret(sessionSecret),
      authenticatedAt: session.createdAt,
      actor: { type: 'user', id: user.id, ip: context.ip, userAgent: context.userAgent },
    }
  }

  /**
   * The role a token acts with: the admin role (SPEC §7), while its maker — for a token a user made —
   * is still an active admin or owner of its organization; undefined once the maker is deactivated,
   * deleted, moved or demoted. Owner-only actions stay with the owner's own session.
   */
  async #tokenRole(token: BearerToken): Promise<Role | undefined> {
    if (token.createdBy?.type !== 'user') return 'admin'
    const maker =
      token.createdBy.id === null
        ? undefined
        : await this.#deps.store.read.users.findById(token.orgId, token.createdBy.id)
    if (maker?.status !== 'active' || !hasRole({ role: maker.role }, 'admin')) return undefined
    return 'admin'
  }

  /** Throws `auth.reauthentication_required` unless `principal` signed in recently enough. */
  assertFreshSignIn(principal: AdminPrincipal): void {
    if (!hasFreshSignIn(principal, this.#deps.clock.now())) {
      throw new AppError('auth.reauthentication_required', {
        details: {
          maxAgeSeconds: FRESH_SIGN_IN_MS / 1000,
          reauthenticate: '/admin/reauthenticate',
        },
      })
    }
  }

  /** The active user behind a session cookie, if any. */
  async sessionUser(sessionSecret: string | undefined): Promise<User | undefined> {
    return (await this.#sessionAndUser(sessionSecret))?.user
  }

  async #sessionAndUser(
    sessionSecret: string | undefined,
  ): Promise<{ user: User; session: Session } | undefined> {
    const session = await this.#deps.sessions.resolve(sessionSecret)
    if (session === undefined) return undefined
    const user = await this.#deps.store.read.users.findById(session.orgId, session.userId)
    return user?.status === 'active' ? { user, session } : undefined
  }
}
