/** Storage interface for SSO profiles and their pinned IdP certificates. */
import type { PinnedCertificate } from '../saml/certificates.ts'
import type { SSOProfile } from './sso-profile.ts'

export type SSOProfileUpdate = Partial<
  Omit<
    SSOProfile,
    'id' | 'orgId' | 'createdAt' | 'updatedAt' | 'certificates' | 'lastTestPassedAt'
  > & {
    lastTestPassedAt: number | null
  }
>

export interface SSOProfileRepository {
  insert(profile: SSOProfile): Promise<void>
  findById(orgId: string, profileId: string): Promise<SSOProfile | undefined>
  /**
   * The profile an ACS or metadata URL names, in whatever organization: the path is the connection
   * selector (SECURITY-CASES I6), and the organization comes from the profile, never from the message.
   */
  findByPathId(profileId: string): Promise<SSOProfile | undefined>
  listForOrg(orgId: string): Promise<SSOProfile[]>
  /** Active profiles (any organization) whose metadata or a certificate ends before `at`. */
  listExpiringBefore(at: number, limit: number): Promise<SSOProfile[]>
  /**
   * Records that the warning about what expires at `expiresAt` was given at this threshold: true for
   * the first call, false for every later one (one conditional insert: concurrent jobs give it once).
   */
  claimExpiryWarning(
    profileId: string,
    code: string,
    expiresAt: number,
    thresholdDays: number,
    now: number,
  ): Promise<boolean>
  update(orgId: string, profileId: string, fields: SSOProfileUpdate, now: number): Promise<void>
  /** Replaces the pinned certificates (a rotation publishes several at once). */
  setCertificates(
    orgId: string,
    profileId: string,
    certificates: readonly PinnedCertificate[],
    now: number,
  ): Promise<void>
  delete(orgId: string, profileId: string): Promise<boolean>
  /** System job: profiles with a metadata URL whose refresh is due, any org. */
  listDueForMetadataRefresh(now: number, limit: number): Promise<SSOProfile[]>
}
