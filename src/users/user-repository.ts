/** Storage interface for users; every read is scoped by organization (STYLE rule 7). */
import type { User, UserListQuery, UserStatus } from './user.ts'
import type { Locale } from '../platform/locales.ts'

export interface UserRepository {
  /** Throws AppError `user.email_taken` when the canonical email exists anywhere in the deployment. */
  insert(user: User): Promise<void>
  /** Several users per statement; throws like `insert` (then none of the statement's rows is written). */
  insertMany(users: readonly User[]): Promise<void>
  /** The accounts with these canonical emails, in any organization (bulk import decides with them). */
  findByCanonicalEmails(emailsCanonical: readonly string[]): Promise<User[]>
  findById(orgId: string, userId: string): Promise<User | undefined>
  findByEmail(orgId: string, emailCanonical: string): Promise<User | undefined>
  /** One page in (createdAt, id) order; returns up to `limit + 1` rows so the caller can tell if more follow. */
  list(orgId: string, query: UserListQuery): Promise<User[]>
  /** How many users match the list's filters (all pages). */
  count(orgId: string, query: Omit<UserListQuery, 'after' | 'limit'>): Promise<number>
  /**
   * Login only: the user with this canonical email in any organization. Email is unique per deployment
   * (SPEC §2), and email-first login must find the organization from the email alone.
   */
  findByCanonicalEmail(emailCanonical: string): Promise<User | undefined>
  /** Records a successful login; replaces the password hash when `rehash` is given. */
  /** A sign-in: when, a new password hash when outdated, the language its pages spoke when known. */
  recordLogin(
    orgId: string,
    userId: string,
    now: number,
    rehash?: string,
    locale?: Locale,
  ): Promise<void>
  /** Sets a new password hash and makes an invited user active. */
  setPassword(orgId: string, userId: string, passwordHash: string, now: number): Promise<void>
  /** The password no longer works (an admin's forced reset): the person chooses a new one by mail. */
  clearPassword(orgId: string, userId: string, now: number): Promise<void>
  setStatus(orgId: string, userId: string, status: UserStatus, now: number): Promise<void>
  update(orgId: string, userId: string, fields: UserUpdate, now: number): Promise<void>
  /**
   * Bumps the version, which takes the row for the rest of the transaction: a concurrent writer waits
   * here (PostgreSQL; SQLite serialises writers anyway) and then reads what the first one committed.
   * False when there is no such user.
   */
  lockForChange(orgId: string, userId: string): Promise<boolean>
  /**
   * Takes the row for the rest of the transaction like `lockForChange`, but changes nothing in it (the
   * version stays): for work that may end up writing nothing, such as the role mapping at a sign-in,
   * whose SCIM version must not move when the person's role does not.
   */
  lockUnchanged(orgId: string, userId: string): Promise<boolean>
  /** Owners and admins of the organization, any status. */
  listPrivileged(orgId: string): Promise<User[]>
  /** Users the IdP manages: in a SCIM group, with group values from a SAML sign-in, or mapped before. */
  listIdPManaged(orgId: string): Promise<User[]>
  /** The users of `orgId` among `userIds` (others are left out). */
  findByIds(orgId: string, userIds: readonly string[]): Promise<User[]>
  /** Every user's role counts as set by hand again (the role mapping was turned off). */
  clearRoleOrigins(orgId: string, now: number): Promise<number>
  /**
   * How many not-deactivated users without an SSO override have their email in one of `domains`: the
   * users that enforcing those domains makes SSO-required.
   */
  countFollowingDomains(orgId: string, domains: readonly string[]): Promise<number>
  /** Users of the organization who are not deactivated and have no password (they sign in by SSO only). */
  listWithoutPassword(orgId: string): Promise<User[]>
  /**
   * Accounts outside `orgId` whose canonical email is in one of `domains` (the candidates for adoption by
   * the organization that verified those domains), oldest first, at most `limit`.
   */
  listInDomainsOutside(orgId: string, domains: readonly string[], limit: number): Promise<User[]>
  /**
   * Makes a user of `fromOrgId` a member of `toOrgId` (adoption): role member set by hand (no role-mapping
   * origin, no IdP group values), no SSO override, no SCIM
   * identity or group memberships of the old organization. False when the user is not a non-owner of
   * `fromOrgId` any more.
   */
  moveToOrganization(
    userId: string,
    fromOrgId: string,
    toOrgId: string,
    now: number,
  ): Promise<boolean>
  /** Deletes the user; sessions, invitations, codes and tokens go with it (foreign keys cascade). */
  delete(orgId: string, userId: string): Promise<boolean>
}

/** The fields an administrator may change. */
export type UserUpdate = Partial<
  Pick<
    User,
    | 'givenName'
    | 'familyName'
    | 'displayName'
    | 'role'
    | 'ssoOverride'
    | 'status'
    | 'email'
    | 'emailCanonical'
    | 'externalId'
    | 'roleFrom'
    | 'idpGroups'
  >
>
