/**
 * What the ACS is asked (a posted response, the browser's cookies), what it answers (a sign-in, a
 * conversion into a fresh login, a connection test's result), and the repositories it works on: shared
 * by the ACS service and the connection tests it runs.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { RequestContext } from '../../audit/request-context.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { RateLimitRepository } from '../../throttling/rate-limit-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { LoginTransactionRepository } from '../../oidc/login-transaction-repository.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import type { SAMLRequestRepository } from '../../saml/saml-request-repository.ts'
import type { TestResult } from '../../sso-profiles/test-result.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { SigningKeyRepository } from '../../oidc/signing-key-repository.ts'
import type { SCIMRepository } from '../../scim/scim-repository.ts'
import type { RoleMappingRepository } from '../../users/role-mapping-repository.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'

export type SAMLRepos = {
  readonly events: EventRepository
  orgs: OrganizationRepository
  rateLimits: RateLimitRepository
  ssoProfiles: SSOProfileRepository
  samlRequests: SAMLRequestRepository
  users: UserRepository
  domains: DomainRepository
  sessions: SessionRepository
  knownDevices: KnownDeviceRepository
  loginTransactions: LoginTransactionRepository
  authCodes: AuthCodeRepository
  clients: OIDCClientRepository
  audit: AuditRepository
  signingKeys: SigningKeyRepository
  scim: SCIMRepository
  roleMappings: RoleMappingRepository
  apiTokens: BearerTokenRepository
}

export type ACSResult =
  | { readonly kind: 'converted'; readonly location: string; readonly bindingSecret: string }
  | {
      readonly kind: 'signed_in'
      readonly location: string | undefined
      readonly sessionSecret: string
      readonly deviceSecret: string
    }
  | { readonly kind: 'test'; readonly profileId: string; readonly result: TestResult }

export interface ACSRequest {
  readonly profileId: string
  readonly samlResponse: string
  readonly bindingSecret: string | undefined
  readonly sessionSecret: string | undefined
  /** The browser's device cookie, if any (`sessions/known-device.ts`). */
  readonly deviceSecret?: string | undefined
  readonly context: RequestContext
}
