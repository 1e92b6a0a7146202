/** Storage interface for SSO profiles (the part enforcement reads; the SAML issue extends it). */
import type { SSOProfileSummary } from './sso-profile.ts'

export interface SSOProfileRepository {
  listSummaries(orgId: string): Promise<SSOProfileSummary[]>
}
