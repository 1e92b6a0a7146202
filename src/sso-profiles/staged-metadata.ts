/**
 * A profile as it would be with its held (staged) metadata applied: what a connection test of the
 * staged metadata runs against, and what approving it writes. Pure.
 */
import { AppError } from '../errors/app-error.ts'
import { parseIdPMetadata } from '../saml/metadata/idp-metadata.ts'
import type { SSOProfile } from './sso-profile.ts'

export function withStagedMetadata(profile: SSOProfile, now: number): SSOProfile {
  const staged = profile.stagedMetadata
  if (staged === null || staged.status !== 'pending') throw new AppError('sso.no_staged_metadata')
  const metadata = parseIdPMetadata(staged.xml, now)
  return {
    ...profile,
    idpSsoUrl: metadata.ssoUrl,
    certificates: metadata.certificates,
    idpMetadataXml: staged.xml,
    idpMetadataValidUntil: metadata.validUntil ?? null,
  }
}
