/** Organizations (SPEC §2), their plan's features and status, and their pure rules. */
import { AppError } from '../errors/app-error.ts'
import { readName } from '../platform/names.ts'

/**
 * What a plan can include (issue 23): SAML single sign-on with its enforcement, SCIM provisioning, CSV
 * import. A feature an organization lacks hides its Admin Center pages and its Admin API routes answer
 * 403 `org.feature_disabled`.
 */
export const FEATURES = ['sso', 'scim', 'import'] as const
export type Feature = (typeof FEATURES)[number]

export const ORG_STATUSES = ['active', 'suspended'] as const
/** A suspended organization keeps every row, but nobody of it signs in and its SCIM and Admin API refuse. */
export type OrgStatus = (typeof ORG_STATUSES)[number]

export interface Organization {
  readonly id: string
  readonly name: string
  readonly settings: Readonly<Record<string, unknown>>
  /** The operator's own id for this customer (its console's account id); unique when set. */
  readonly externalId: string | null
  readonly features: readonly Feature[]
  readonly status: OrgStatus
  readonly suspendedAt: number | null
  readonly createdAt: number
  readonly updatedAt: number
}

export const MAX_ORG_NAME_LENGTH = 200
export const MAX_EXTERNAL_ID_LENGTH = 200

export function validateOrganizationName(input: unknown): string {
  const name = readName(input, MAX_ORG_NAME_LENGTH)
  if (name === undefined) {
    throw new AppError('org.invalid_name', {
      details: { field: 'name', reason: `1 to ${MAX_ORG_NAME_LENGTH} printable characters` },
    })
  }
  return name
}

/** An external id: null for null/absent, else the same rule as names (compared exactly, as given). */
export function validateExternalId(input: unknown): string | null {
  if (input === undefined || input === null) return null
  const id = readName(input, MAX_EXTERNAL_ID_LENGTH)
  if (id === undefined || id !== input) {
    throw new AppError('org.invalid_external_id', {
      details: {
        field: 'externalId',
        reason: `1 to ${MAX_EXTERNAL_ID_LENGTH} printable characters, no surrounding spaces`,
      },
    })
  }
  return id
}

/** A set of features: each known, none twice; returned in the one order of FEATURES. */
export function validateFeatures(input: unknown, field = 'features'): Feature[] {
  if (!Array.isArray(input)) {
    throw new AppError('org.unknown_feature', {
      details: { field, reason: `a list of: ${FEATURES.join(', ')}` },
    })
  }
  for (const item of input) {
    if (!(FEATURES as readonly unknown[]).includes(item)) {
      throw new AppError('org.unknown_feature', {
        details: {
          field,
          value: String(item).slice(0, 50),
          reason: `one of ${FEATURES.join(', ')}`,
        },
      })
    }
  }
  return FEATURES.filter((feature) => input.includes(feature))
}

export function hasFeature(org: Pick<Organization, 'features'>, feature: Feature): boolean {
  return org.features.includes(feature)
}

/** Throws `org.feature_disabled` (403) unless the organization's plan has `feature`. */
export function assertFeature(org: Pick<Organization, 'features'>, feature: Feature): void {
  if (!hasFeature(org, feature)) {
    throw new AppError('org.feature_disabled', { details: { feature } })
  }
}

/**
 * Throws unless the organization can be served now (by an API caller that proved it belongs to it):
 * `org.suspended` (403), `org.feature_disabled` (403) when `feature` is not in its plan, `org.not_found`
 * when it is gone.
 */
export function assertServes(org: Organization | undefined, feature?: Feature): Organization {
  if (org === undefined) throw new AppError('org.not_found')
  if (org.status === 'suspended') throw new AppError('org.suspended')
  if (feature !== undefined) assertFeature(org, feature)
  return org
}

export function isSuspended(org: Pick<Organization, 'status'> | undefined): boolean {
  return org?.status === 'suspended'
}

/** A new organization as the operator makes it, active. */
export function newOrganization(
  id: string,
  now: number,
  fields: Pick<Organization, 'name' | 'externalId' | 'features'>,
): Organization {
  return {
    id,
    ...fields,
    settings: {},
    status: 'active',
    suspendedAt: null,
    createdAt: now,
    updatedAt: now,
  }
}
