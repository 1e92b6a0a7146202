/**
 * SQL of the SCIM server, both engines: SCIM attributes as JSON text, filtered pages (the filter as
 * parameterised SQL, the total counted with the same condition), groups and their members.
 */
import { pastKey } from './keyset.ts'
import { sql, type RawBuilder } from 'kysely'
import { AppError } from '../../errors/app-error.ts'
import type { Group, GroupMember } from '../../scim/group.ts'
import type { FieldFilter } from '../../scim/scim-filter.ts'
import type { SCIMPage, SCIMRepository } from '../../scim/scim-repository.ts'
import type { GroupRef, SCIMUserData } from '../../scim/scim-user.ts'
import type { User } from '../../users/user.ts'
import type { Database, DB, Executor, GroupsTable } from '../database.ts'
import { filterSQL, type SpecialField } from './scim-filter-sql.ts'
import { toUser } from './user-repository.ts'

/** `active` is every status but deactivated. */
const userSpecial: SpecialField = (field, op, value) => {
  if (field.field !== 'active') return undefined
  const active = sql<boolean>`users.status <> 'deactivated'`
  const inactive = sql<boolean>`users.status = 'deactivated'`
  if (op === 'pr') return sql<boolean>`1 = 1`
  const wanted = op === 'eq' ? value === true : value !== true
  return wanted ? active : inactive
}

/** Group `members` / `members.value` is a membership, tested with EXISTS. */
/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500

const groupSpecial: SpecialField = (field, op, value) => {
  if (field.field !== 'member') return undefined
  if (op === 'pr') {
    return sql<boolean>`exists (select 1 from group_members gm where gm.group_id = groups.id)`
  }
  if (op !== 'eq' || typeof value !== 'string') {
    throw new AppError('scim.invalid_filter', { details: { reason: 'members compares with eq' } })
  }
  return sql<boolean>`exists (select 1 from group_members gm where gm.group_id = groups.id and gm.user_id = ${value})`
}

export class SQLSCIMRepository implements SCIMRepository {
  readonly #db: Executor
  readonly #database: Database
  constructor(db: Executor, database: Database) {
    this.#db = db
    this.#database = database
  }

  async userData(orgId: string, userIds: readonly string[]): Promise<Map<string, SCIMUserData>> {
    if (userIds.length === 0) return new Map()
    const rows = await this.#db
      .selectFrom('scim_users')
      .select(['user_id', 'data'])
      .where('org_id', '=', orgId)
      .where('user_id', 'in', [...userIds])
      .execute()
    return new Map(rows.map((r) => [r.user_id, JSON.parse(r.data) as SCIMUserData]))
  }

  async setUserData(orgId: string, userId: string, data: SCIMUserData): Promise<void> {
    const text = JSON.stringify(data)
    await this.#db
      .insertInto('scim_users')
      .values({ user_id: userId, org_id: orgId, data: text })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ data: text }))
      .execute()
  }

  async listUsers(
    orgId: string,
    filter: FieldFilter | undefined,
    offset: number,
    limit: number,
  ): Promise<SCIMPage<User>> {
    const where =
      filter === undefined ? sql<boolean>`1 = 1` : filterSQL(filter, 'users', userSpecial)
    const { rows, total } = await this.#page('users', orgId, where, offset, limit)
    return { items: rows.map(toUser), total }
  }

  async groupsOf(orgId: string, userIds: readonly string[]): Promise<Map<string, GroupRef[]>> {
    const out = new Map<string, GroupRef[]>()
    // In slices: a role mapping being saved asks for the whole directory of an organization.
    for (let i = 0; i < userIds.length; i += 500) {
      const rows = await this.#db
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .select(['group_members.user_id', 'groups.id', 'groups.display_name'])
        .where('group_members.org_id', '=', orgId)
        .where('group_members.user_id', 'in', userIds.slice(i, i + 500))
        .orderBy('groups.display_name')
        .execute()
      for (const row of rows) {
        const list = out.get(row.user_id) ?? []
        list.push({ id: row.id, displayName: row.display_name })
        out.set(row.user_id, list)
      }
    }
    return out
  }

  async insertGroup(group: Group): Promise<void> {
    try {
      await this.#db
        .insertInto('groups')
        .values({
          id: group.id,
          org_id: group.orgId,
          display_name: group.displayName,
          external_id: group.externalId,
          version: group.version,
          created_at: group.createdAt,
          updated_at: group.updatedAt,
        })
        .execute()
    } catch (error) {
      throw this.#uniqueness(error)
    }
  }

  async findGroup(orgId: string, groupId: string): Promise<Group | undefined> {
    const row = await this.#db
      .selectFrom('groups')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', groupId)
      .executeTakeFirst()
    return row && toGroup(row)
  }

  async updateGroup(
    orgId: string,
    groupId: string,
    fields: Pick<Group, 'displayName' | 'externalId'>,
    now: number,
  ): Promise<void> {
    try {
      await this.#db
        .updateTable('groups')
        .set({
          display_name: fields.displayName,
          external_id: fields.externalId,
          updated_at: now,
          version: sql<number>`version + 1`,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', groupId)
        .execute()
    } catch (error) {
      throw this.#uniqueness(error)
    }
  }

  async lockGroupForChange(orgId: string, groupId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('groups')
      .set({ version: sql<number>`version + 1` })
      .where('org_id', '=', orgId)
      .where('id', '=', groupId)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async deleteGroup(orgId: string, groupId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('groups')
      .where('org_id', '=', orgId)
      .where('id', '=', groupId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async listGroups(
    orgId: string,
    filter: FieldFilter | undefined,
    offset: number,
    limit: number,
  ): Promise<SCIMPage<Group>> {
    const where =
      filter === undefined ? sql<boolean>`1 = 1` : filterSQL(filter, 'groups', groupSpecial)
    const { rows, total } = await this.#page('groups', orgId, where, offset, limit)
    return { items: rows.map(toGroup), total }
  }

  /**
   * A page of an organization's users or groups in creation order, as SCIM pages them (an offset and
   * a count), with the number of all matches — counted only when the page does not show them all.
   */
  async #page<T extends 'users' | 'groups'>(
    table: T,
    orgId: string,
    where: RawBuilder<boolean>,
    offset: number,
    limit: number,
  ): Promise<{ rows: DB[T][]; total: number }> {
    // One of two tables with the same org_id, created_at and id columns; typed as one of them.
    const from = table as 'users'
    const rows =
      limit === 0
        ? []
        : await this.#db
            .selectFrom(from)
            .selectAll()
            .where('org_id', '=', orgId)
            .where(where)
            .orderBy('created_at')
            .orderBy('id')
            .limit(limit)
            .offset(offset)
            .execute()
    // A first page that is not full holds every match (the IdP's `userName eq` lookup): no count.
    if (offset === 0 && rows.length < limit) {
      return { rows: rows as unknown as DB[T][], total: rows.length }
    }
    const total = await this.#db
      .selectFrom(from)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where(where)
      .executeTakeFirstOrThrow()
    return { rows: rows as unknown as DB[T][], total: Number(total.n) }
  }

  async pageGroups(
    orgId: string,
    limit: number,
    after: { createdAt: number; id: string } | undefined,
  ): Promise<Group[]> {
    let query = this.#db.selectFrom('groups').selectAll().where('org_id', '=', orgId)
    if (after !== undefined) {
      query = query.where(pastKey({ at: after.createdAt, id: after.id }))
    }
    const rows = await query
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute()
    return rows.map(toGroup)
  }

  async memberCounts(orgId: string, groupIds: readonly string[]): Promise<Map<string, number>> {
    if (groupIds.length === 0) return new Map()
    const rows = await this.#db
      .selectFrom('group_members')
      .select((eb) => ['group_id', eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('group_id', 'in', [...groupIds])
      .groupBy('group_id')
      .execute()
    return new Map(rows.map((r) => [r.group_id, Number(r.n)]))
  }

  async members(orgId: string, groupIds: readonly string[]): Promise<Map<string, GroupMember[]>> {
    const out = new Map<string, GroupMember[]>()
    if (groupIds.length === 0) return out
    const rows = await this.#db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select(['group_members.group_id', 'users.id', 'users.email'])
      .where('group_members.org_id', '=', orgId)
      .where('group_members.group_id', 'in', [...groupIds])
      .orderBy('users.email')
      .execute()
    for (const row of rows) {
      const list = out.get(row.group_id) ?? []
      list.push({ id: row.id, display: row.email })
      out.set(row.group_id, list)
    }
    return out
  }

  async changeMembers(
    orgId: string,
    groupId: string,
    add: readonly string[],
    remove: readonly string[],
  ): Promise<void> {
    for (let i = 0; i < remove.length; i += CHUNK) {
      await this.#db
        .deleteFrom('group_members')
        .where('org_id', '=', orgId)
        .where('group_id', '=', groupId)
        .where('user_id', 'in', remove.slice(i, i + CHUNK))
        .execute()
    }
    for (let i = 0; i < add.length; i += CHUNK) {
      await this.#db
        .insertInto('group_members')
        .values(
          add
            .slice(i, i + CHUNK)
            .map((userId) => ({ group_id: groupId, user_id: userId, org_id: orgId })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
  }

  async existingUsers(orgId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set()
    const rows = await this.#db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', [...new Set(userIds)])
      .execute()
    return new Set(rows.map((r) => r.id))
  }

  #uniqueness(error: unknown): unknown {
    return this.#database.isUniqueViolation(error)
      ? new AppError('scim.uniqueness', { cause: error })
      : error
  }
}

function toGroup(row: GroupsTable): Group {
  return {
    id: row.id,
    orgId: row.org_id,
    displayName: row.display_name,
    externalId: row.external_id,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}
