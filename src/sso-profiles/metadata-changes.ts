/**
 * What a metadata refresh would change in a profile (SPEC §2 "refreshed periodically"): certificates
 * added and removed (by fingerprint) and a new SSO URL. Pure. The entity ID never changes by refresh.
 */
import type { PinnedCertificate } from '../saml/certificates.ts'

export const METADATA_CHANGE_POLICIES = ['apply', 'hold'] as const
/** `apply`: refreshes take effect at once (audited, admins told); `hold`: staged until approved. */
export type MetadataChangePolicy = (typeof METADATA_CHANGE_POLICIES)[number]

export interface MetadataChanges {
  readonly certificatesAdded: readonly string[]
  readonly certificatesRemoved: readonly string[]
  readonly ssoUrl: { readonly from: string | null; readonly to: string } | null
}

export interface StagedMetadata {
  readonly xml: string
  readonly at: number
  readonly changes: MetadataChanges
  /** `rejected`: an admin said no; the same document is not staged again. */
  readonly status: 'pending' | 'rejected'
}

/** The changes from `current` to `next`, or null when there are none. */
export function metadataChanges(
  current: {
    readonly idpSsoUrl: string | null
    readonly certificates: readonly PinnedCertificate[]
  },
  next: { readonly ssoUrl: string; readonly certificates: readonly PinnedCertificate[] },
): MetadataChanges | null {
  const before = new Set(current.certificates.map((c) => c.sha256Fingerprint))
  const after = new Set(next.certificates.map((c) => c.sha256Fingerprint))
  const changes: MetadataChanges = {
    certificatesAdded: [...after].filter((f) => !before.has(f)),
    certificatesRemoved: [...before].filter((f) => !after.has(f)),
    ssoUrl: next.ssoUrl === current.idpSsoUrl ? null : { from: current.idpSsoUrl, to: next.ssoUrl },
  }
  const none =
    changes.certificatesAdded.length === 0 &&
    changes.certificatesRemoved.length === 0 &&
    changes.ssoUrl === null
  return none ? null : changes
}

/** The changes as lines of text, for the mail to administrators. */
export function describeChanges(changes: MetadataChanges): string[] {
  return [
    ...changes.certificatesAdded.map((f) => `Certificate added: ${f}`),
    ...changes.certificatesRemoved.map((f) => `Certificate removed: ${f}`),
    ...(changes.ssoUrl === null
      ? []
      : [`Sign-in URL: ${changes.ssoUrl.from ?? '(none)'} -> ${changes.ssoUrl.to}`]),
  ]
}
