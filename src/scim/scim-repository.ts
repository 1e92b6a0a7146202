/**
 * Storage interface of the SCIM server: a user's SCIM attributes, filtered pages of users and groups, and
 * group membership. Every method is scoped by organization (STYLE rule 7).
 */
import type { User } from '../users/user.ts'
import type { Group, GroupMember } from './group.ts'
import type { FieldFilter } from './scim-filter.ts'
import type { GroupRef, SCIMUserData } from './scim-user.ts'

export interface SCIMPage<T> {
  readonly items: readonly T[]
  /** Matches in all, not only on this page (SCIM totalResults). */
  readonly total: number
}

export interface SCIMRepository {
  userData(orgId: string, userIds: readonly string[]): Promise<Map<string, SCIMUserData>>
  setUserData(orgId: string, userId: string, data: SCIMUserData): Promise<void>
  /** Users matching `filter`, oldest first, `offset` skipped, at most `limit` (0: only the total). */
  listUsers(
    orgId: string,
    filter: FieldFilter | undefined,
    offset: number,
    limit: number,
  ): Promise<SCIMPage<User>>
  groupsOf(orgId: string, userIds: readonly string[]): Promise<Map<string, GroupRef[]>>

  insertGroup(group: Group): Promise<void>
  findGroup(orgId: string, groupId: string): Promise<Group | undefined>
  updateGroup(
    orgId: string,
    groupId: string,
    fields: Pick<Group, 'displayName' | 'externalId'>,
    now: number,
  ): Promise<void>
  deleteGroup(orgId: string, groupId: string): Promise<boolean>
  /** Like UserRepository.lockForChange, for a group. */
  lockGroupForChange(orgId: string, groupId: string): Promise<boolean>
  listGroups(
    orgId: string,
    filter: FieldFilter | undefined,
    offset: number,
    limit: number,
  ): Promise<SCIMPage<Group>>
  /** Groups oldest first after `after`, at most `limit + 1` (the Admin API's cursor pages). */
  pageGroups(
    orgId: string,
    limit: number,
    after: { createdAt: number; id: string } | undefined,
  ): Promise<Group[]>
  /** How many members each group has. */
  memberCounts(orgId: string, groupIds: readonly string[]): Promise<Map<string, number>>
  members(orgId: string, groupIds: readonly string[]): Promise<Map<string, GroupMember[]>>
  /** Adds and removes members; the caller checked the added are users of `orgId`. */
  changeMembers(
    orgId: string,
    groupId: string,
    add: readonly string[],
    remove: readonly string[],
  ): Promise<void>
  /** Which of `userIds` are users of `orgId`. */
  existingUsers(orgId: string, userIds: readonly string[]): Promise<Set<string>>
}
