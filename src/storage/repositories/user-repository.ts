/** SQL for users, shared by both engines; unique violations become stable AppErrors here (STYLE rule 9). */
import { pastKey } from './keyset.ts'
import { escapeLike } from './like.ts'
import { sql } from 'kysely'
import { AppError } from '../../errors/app-error.ts'
import type { RoleOrigin, SAMLGroups } from '../../users/role-mapping.ts'
import type { Role, SSOOverride, User, UserListQuery, UserStatus } from '../../users/user.ts'
import type { UserRepository, UserUpdate } from '../../users/user-repository.ts'
import type { Database, Executor, UsersTable } from '../database.ts'
import { UNIQUE } from '../unique-indexes.ts'
import { precompiled } from '../precompiled.ts'
import { isLocale, type Locale } from '../../platform/locales.ts'
import { insertRows } from '../bulk-insert.ts'

const FIND_BY_ID = precompiled((db: Executor, orgId: string, userId: string) =>
  db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', userId),
)

// Taken at every SAML sign-in under a role mapping (apply-role-mapping.ts).
const LOCK_UNCHANGED = precompiled((db: Executor, orgId: string, userId: string) =>
  db
    .updateTable('users')
    .set({ version: sql<number>`version` })
    .where('org_id', '=', orgId)
    .where('id', '=', userId),
)

// Every sign-in reads the user by email (the email step, the ACS's identity check).
const FIND_BY_EMAIL = precompiled((db: Executor, orgId: string, emailCanonical: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email_canonical', '=', emailCanonical),
)

export class SQLUserRepository implements UserRepository {
  readonly #db: Executor
  readonly #database: Database
  constructor(db: Executor, database: Database) {
    this.#db = db
    this.#database = database
  }

  async insert(user: User): Promise<void> {
    await this.insertMany([user])
  }

  async insertMany(users: readonly User[]): Promise<void> {
    try {
      await insertRows(this.#db, 'users', users.map(toRow), 200)
    } catch (error) {
      if (this.#database.isUniqueViolation(error, UNIQUE.usersEmail)) {
        throw new AppError('user.email_taken', { cause: error })
      }
      if (this.#database.isUniqueViolation(error, UNIQUE.usersExternalId)) {
        throw new AppError('user.external_id_taken', { cause: error })
      }
      throw error
    }
  }

  async findById(orgId: string, userId: string): Promise<User | undefined> {
    const [row] = await FIND_BY_ID.rows(this.#db, orgId, userId)
    return row && toUser(row)
  }

  async list(orgId: string, query: UserListQuery): Promise<User[]> {
    let q = this.#filtered(orgId, query).selectAll()
    const after = query.after
    if (after !== undefined) {
      q = q.where(pastKey({ at: after.createdAt, id: after.id }))
    }
    const rows = await q
      .orderBy('created_at')
      .orderBy('id')
      .limit(query.limit + 1)
      .execute()
    return rows.map(toUser)
  }

  async count(orgId: string, query: Omit<UserListQuery, 'after' | 'limit'>): Promise<number> {
    const row = await this.#filtered(orgId, query)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }

  /** The users of an organization matching the list's filters (search, status, role, SSO setting). */
  #filtered(orgId: string, query: Omit<UserListQuery, 'after' | 'limit'>) {
    let q = this.#db.selectFrom('users').where('org_id', '=', orgId)
    if (query.status !== undefined) q = q.where('status', '=', query.status)
    if (query.role !== undefined) q = q.where('role', '=', query.role)
    if (query.ssoOverride !== undefined) q = q.where('sso_override', '=', query.ssoOverride)
    if (query.search !== undefined) {
      // Escaped LIKE on lower-cased columns: wildcards in the search are literal (SECURITY-CASES SCIM-05).
      const pattern = `%${escapeLike(query.search.toLowerCase())}%`
      q = q.where((eb) =>
        eb.or(
          ['email_canonical', 'given_name', 'family_name', 'display_name'].map(
            (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
          ),
        ),
      )
    }
    return q
  }

  async findByCanonicalEmails(emailsCanonical: readonly string[]): Promise<User[]> {
    const found: User[] = []
    for (let i = 0; i < emailsCanonical.length; i += 500) {
      const rows = await this.#db
        .selectFrom('users')
        .selectAll()
        .where('email_canonical', 'in', emailsCanonical.slice(i, i + 500))
        .execute()
      found.push(...rows.map(toUser))
    }
    return found
  }

  async listInDomainsOutside(
    orgId: string,
    domains: readonly string[],
    limit: number,
  ): Promise<User[]> {
    if (domains.length === 0) return []
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '<>', orgId)
      .where((eb) =>
        eb.or(
          domains.map(
            (domain) => sql<boolean>`email_canonical like ${`%@${escapeLike(domain)}`} escape '\\'`,
          ),
        ),
      )
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(toUser)
  }

  async moveToOrganization(
    userId: string,
    fromOrgId: string,
    toOrgId: string,
    now: number,
  ): Promise<boolean> {
    await this.#db.deleteFrom('group_members').where('user_id', '=', userId).execute()
    await this.#db.deleteFrom('scim_users').where('user_id', '=', userId).execute()
    const result = await this.#db
      .updateTable('users')
      .set((eb) => ({
        org_id: toOrgId,
        role: 'member',
        sso_override: 'none',
        external_id: null,
        // Nothing the other organization's IdP said follows the person (issue 28's role mapping).
        role_from: null,
        idp_groups: null,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', userId)
      .where('org_id', '=', fromOrgId)
      .where('role', '<>', 'owner')
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async findByCanonicalEmail(emailCanonical: string): Promise<User | undefined> {
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('email_canonical', '=', emailCanonical)
      .executeTakeFirst()
    return row && toUser(row)
  }

  async recordLogin(
    orgId: string,
    userId: string,
    now: number,
    rehash?: string,
    locale?: Locale,
  ): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({
        last_login_at: now,
        ...(rehash !== undefined && { password_hash: rehash }),
        ...(locale !== undefined && { locale }),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .execute()
  }

  async clearPassword(orgId: string, userId: string, now: number): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ password_hash: null, updated_at: now, version: sql<number>`version + 1` })
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .execute()
  }

  async setPassword(
    orgId: string,
    userId: string,
    passwordHash: string,
    now: number,
  ): Promise<void> {
    await this.#db
      .updateTable('users')
      .set((eb) => ({
        password_hash: passwordHash,
        updated_at: now,
        version: sql<number>`version + 1`,
        status: eb
          .case()
          .when('status', '=', 'invited')
          .then('active')
          .else(eb.ref('status'))
          .end(),
      }))
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .execute()
  }

  async setStatus(orgId: string, userId: string, status: UserStatus, now: number): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ status, updated_at: now, version: sql<number>`version + 1` })
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .execute()
  }

  async lockForChange(orgId: string, userId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('users')
      .set({ version: sql<number>`version + 1` })
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async lockUnchanged(orgId: string, userId: string): Promise<boolean> {
    // An UPDATE that writes the same value still takes the row (PostgreSQL); SQLite serialises writers.
    const result = await LOCK_UNCHANGED.run(this.#db, orgId, userId)
    return result.numAffectedRows === 1n
  }

  async update(orgId: string, userId: string, fields: UserUpdate, now: number): Promise<void> {
    const row: Partial<UsersTable> = { updated_at: now }
    if (fields.givenName !== undefined) row.given_name = fields.givenName
    if (fields.familyName !== undefined) row.family_name = fields.familyName
    if (fields.displayName !== undefined) row.display_name = fields.displayName
    if (fields.role !== undefined) row.role = fields.role
    if (fields.ssoOverride !== undefined) row.sso_override = fields.ssoOverride
    if (fields.status !== undefined) row.status = fields.status
    if (fields.email !== undefined) row.email = fields.email
    if (fields.emailCanonical !== undefined) row.email_canonical = fields.emailCanonical
    if (fields.externalId !== undefined) row.external_id = fields.externalId
    if (fields.roleFrom !== undefined)
      row.role_from = fields.roleFrom === null ? null : JSON.stringify(fields.roleFrom)
    if (fields.idpGroups !== undefined)
      row.idp_groups = fields.idpGroups === null ? null : JSON.stringify(fields.idpGroups)
    try {
      await this.#db
        .updateTable('users')
        .set({ ...row, version: sql<number>`version + 1` })
        .where('org_id', '=', orgId)
        .where('id', '=', userId)
        .execute()
    } catch (error) {
      if (this.#database.isUniqueViolation(error, UNIQUE.usersEmail)) {
        throw new AppError('user.email_taken', { cause: error })
      }
      if (this.#database.isUniqueViolation(error, UNIQUE.usersExternalId)) {
        throw new AppError('user.external_id_taken', { cause: error })
      }
      throw error
    }
  }

  async listPrivileged(orgId: string): Promise<User[]> {
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('role', 'in', ['owner', 'admin'])
      .execute()
    return rows.map(toUser)
  }

  async listIdPManaged(orgId: string): Promise<User[]> {
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where((eb) =>
        eb.or([
          eb('idp_groups', 'is not', null),
          eb('role_from', 'is not', null),
          eb(
            'id',
            'in',
            eb.selectFrom('group_members').select('user_id').where('org_id', '=', orgId),
          ),
        ]),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toUser)
  }

  async findByIds(orgId: string, userIds: readonly string[]): Promise<User[]> {
    // One id (most callers): the precompiled primary-key read.
    if (userIds.length === 1) {
      const user = await this.findById(orgId, userIds[0] as string)
      return user === undefined ? [] : [user]
    }
    const out: User[] = []
    for (let i = 0; i < userIds.length; i += 500) {
      // By primary key alone, the organization checked on the rows: with `org_id = ?` beside the IN
      // list SQLite chose the organization's index and scanned every user of it (16 ms for 500 ids
      // in an organization of 100,000, against 0.5 ms).
      const rows = await this.#db
        .selectFrom('users')
        .selectAll()
        .where('id', 'in', userIds.slice(i, i + 500))
        .execute()
      for (const row of rows) if (row.org_id === orgId) out.push(toUser(row))
    }
    return out
  }

  async clearRoleOrigins(orgId: string, now: number): Promise<number> {
    const result = await this.#db
      .updateTable('users')
      .set({ role_from: null, updated_at: now, version: sql<number>`version + 1` })
      .where('org_id', '=', orgId)
      .where('role_from', 'is not', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async countFollowingDomains(orgId: string, domains: readonly string[]): Promise<number> {
    if (domains.length === 0) return 0
    const row = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('sso_override', '=', 'none')
      .where('status', '<>', 'deactivated')
      // Canonical domains are LDH labels only, so they hold no LIKE wildcards.
      .where((eb) => eb.or(domains.map((d) => eb('email_canonical', 'like', `%@${d}`))))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async listWithoutPassword(orgId: string): Promise<User[]> {
    const rows = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('status', '<>', 'deactivated')
      .where('password_hash', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toUser)
  }

  async delete(orgId: string, userId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('users')
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async findByEmail(orgId: string, emailCanonical: string): Promise<User | undefined> {
    const [row] = await FIND_BY_EMAIL.rows(this.#db, orgId, emailCanonical)
    return row && toUser(row)
  }
}

function toRow(user: User): UsersTable {
  return {
    id: user.id,
    org_id: user.orgId,
    email: user.email,
    email_canonical: user.emailCanonical,
    given_name: user.givenName,
    family_name: user.familyName,
    display_name: user.displayName,
    external_id: user.externalId,
    status: user.status,
    role: user.role,
    password_hash: user.passwordHash,
    sso_override: user.ssoOverride,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_login_at: user.lastLoginAt,
    locale: user.locale,
    role_from: user.roleFrom === null ? null : JSON.stringify(user.roleFrom),
    idp_groups: user.idpGroups === null ? null : JSON.stringify(user.idpGroups),
    version: user.version,
  }
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    emailCanonical: row.email_canonical,
    givenName: row.given_name,
    familyName: row.family_name,
    displayName: row.display_name,
    externalId: row.external_id,
    // CHECK constraints in the schema keep these within their sets.
    status: row.status as UserStatus,
    role: row.role as Role,
    passwordHash: row.password_hash,
    ssoOverride: row.sso_override as SSOOverride,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    locale: isLocale(row.locale) ? row.locale : null,
    roleFrom: row.role_from === null ? null : (JSON.parse(row.role_from) as RoleOrigin),
    idpGroups: row.idp_groups === null ? null : (JSON.parse(row.idp_groups) as SAMLGroups),
    version: Number(row.version),
  }
}
