/** Managed users (SPEC §2): types and the value sets their fields take. */
import { AppError } from '../errors/app-error.ts'
import { readOptionalName } from '../platform/names.ts'
import type { Locale } from '../platform/locales.ts'
import type { RoleOrigin, SAMLGroups } from './role-mapping.ts'

export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const
export type UserStatus = (typeof USER_STATUSES)[number]

export const ROLES = ['owner', 'admin', 'member'] as const
export type Role = (typeof ROLES)[number]

export const SSO_OVERRIDES = ['none', 'enabled', 'disabled'] as const
export type SSOOverride = (typeof SSO_OVERRIDES)[number]

export interface User {
  readonly id: string
  readonly orgId: string
  readonly email: string
  readonly emailCanonical: string
  readonly givenName: string | null
  readonly familyName: string | null
  readonly displayName: string | null
  readonly externalId: string | null
  readonly status: UserStatus
  readonly role: Role
  readonly passwordHash: string | null
  readonly ssoOverride: SSOOverride
  readonly createdAt: number
  readonly updatedAt: number
  readonly lastLoginAt: number | null
  /** The language of the person's last sign-in's pages (their mail's language); null until known. */
  readonly locale: Locale | null
  /** Set when the organization's role mapping gave the role (issue 28); null: set by hand. */
  readonly roleFrom: RoleOrigin | null
  /** The group values of the last SAML sign-in, for the role mapping; null: none came. */
  readonly idpGroups: SAMLGroups | null
  /** Bumped by every change (SCIM meta.version). */
  readonly version: number
}

/**
 * The one owner guard (SPEC §2, exactly one owner): the owner is never deactivated, deleted or given
 * another role, by any door (Admin API `user.owner_protected`, SCIM `scim.owner_protected`, import
 * `row.owner_protected`); ownership moves only by a transfer, which makes the old owner an admin.
 */
export function isOwnerProtected(user: Pick<User, 'role'>): boolean {
  return user.role === 'owner'
}

/** A user's given, family and display name: at most this long, after the one name rule. */
export const MAX_USER_NAME_LENGTH = 200
export const USER_NAME_FIELDS = ['givenName', 'familyName', 'displayName'] as const
export type UserNameField = (typeof USER_NAME_FIELDS)[number]

/**
 * A user's name as given to the Admin API (null or blank clears it), after the one name rule
 * (`platform/names.ts`); `user.invalid_name` with the field otherwise.
 */
export function readUserName(field: UserNameField, input: unknown): string | null {
  const name = readOptionalName(input, MAX_USER_NAME_LENGTH)
  if (name === undefined) {
    throw new AppError('user.invalid_name', {
      details: {
        field,
        reason: `at most ${MAX_USER_NAME_LENGTH} characters, no control or bidirectional-control characters`,
      },
    })
  }
  return name
}

export interface NewUserFields {
  readonly orgId: string
  readonly email: string
  readonly emailCanonical: string
  readonly role: Role
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly displayName?: string | null
  readonly externalId?: string | null
}

/** A user as created by an operator, admin, import or SCIM: invited, no password, no override. */
export function newInvitedUser(id: string, now: number, fields: NewUserFields): User {
  return {
    id,
    orgId: fields.orgId,
    email: fields.email,
    emailCanonical: fields.emailCanonical,
    givenName: fields.givenName ?? null,
    familyName: fields.familyName ?? null,
    displayName: fields.displayName ?? null,
    externalId: fields.externalId ?? null,
    status: 'invited',
    role: fields.role,
    passwordHash: null,
    ssoOverride: 'none',
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
    locale: null,
    roleFrom: null,
    idpGroups: null,
    version: 1,
  }
}

/** Where a page of a list starts: after this (createdAt, id). */
export interface UserCursor {
  readonly createdAt: number
  readonly id: string
}

export interface UserListQuery {
  readonly after: UserCursor | undefined
  readonly limit: number
  /** Case-insensitive substring of the email or a name. */
  readonly search: string | undefined
  readonly status: UserStatus | undefined
  readonly role: Role | undefined
  readonly ssoOverride?: SSOOverride | undefined
}
