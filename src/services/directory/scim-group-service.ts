/**
 * SCIM Groups (SPEC §5 "Groups may follow"): the IdP creates, reads, lists, replaces, patches and deletes
 * groups of one organization. Members are users of that organization (anything else is 400 and changes
 * nothing: SECURITY-CASES SCIM-02). Groups grant nothing by themselves; when the organization's role
 * mapping is on, a change of members (or of a group's name, which rules may match) applies it at once
 * to every affected user, in the same transaction, under the access guard (issue 28). Every write is
 * audited with the token as actor.
 */
import { auditEvent } from '../../audit/audit-log.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { newId } from '../../platform/random.ts'
import { toPage, type PageCursor } from '../../platform/page.ts'
import type { Store } from '../../platform/store.ts'
import type { Group } from '../../scim/group.ts'
import { GROUP_FILTERS, parseFilter } from '../../scim/scim-filter.ts'
import { groupResource, readGroupResource, type GroupInput } from '../../scim/scim-group.ts'
import { listResponse, paging, project, projection, type Projection } from '../../scim/scim-list.ts'
import { applyPatch, type PatchRules } from '../../scim/scim-patch.ts'
import type { SCIMRepository } from '../../scim/scim-repository.ts'
import { SCHEMA } from '../../scim/scim-schema.ts'
import type { ListQuery, SCIMCaller } from './scim-user-service.ts'
import { assertVersion } from '../../scim/scim-version.ts'
import { guardAccess, type AccessRepos } from '../sign-in/access-guard.ts'
import { applyRoleMapping, type RoleMappingRepos } from '../sign-in/apply-role-mapping.ts'

type Repos = RoleMappingRepos & AccessRepos

export interface SCIMGroupServiceDeps {
  readonly store: Store<Repos>
  readonly clock: Clock
  readonly publicUrl: string
}

const GROUP_PATCH_RULES: PatchRules = {
  readOnly: new Set(['id', 'meta', 'schemas']),
  multiValued: new Set(['members']),
  extensions: [],
  core: SCHEMA.group,
}

export class SCIMGroupService {
  readonly #deps: SCIMGroupServiceDeps

  constructor(deps: SCIMGroupServiceDeps) {
    this.#deps = deps
  }

  async list(caller: SCIMCaller, query: ListQuery) {
    const filter = parseFilter(query.filter, GROUP_FILTERS)
    const page = paging(query.startIndex, query.count)
    const shape = projection(query.attributes, query.excludedAttributes)
    const { scim } = this.#deps.store.read
    const found = await scim.listGroups(caller.orgId, filter, page.startIndex - 1, page.count)
    const resources = await this.#resources(scim, caller.orgId, found.items, shape)
    return listResponse(
      resources.map((r) => project(r, shape)),
      found.total,
      page.startIndex,
    )
  }

  async get(caller: SCIMCaller, groupId: string, query: ListQuery = {}) {
    const { scim } = this.#deps.store.read
    const group = await scim.findGroup(caller.orgId, groupId)
    if (group === undefined) throw new AppError('scim.not_found')
    const shape = projection(query.attributes, query.excludedAttributes)
    const [resource] = await this.#resources(scim, caller.orgId, [group], shape)
    return project(resource ?? {}, shape)
  }

  /** Admin API: a page of groups with their member counts (read-only; groups grant nothing). */
  async pageForAdmin(orgId: string, limit: number, after: PageCursor | undefined) {
    const { scim } = this.#deps.store.read
    const rows = await scim.pageGroups(orgId, limit, after && { createdAt: after.at, id: after.id })
    const page = toPage(rows, limit, (g) => ({ at: g.createdAt, id: g.id }))
    const counts = await scim.memberCounts(
      orgId,
      page.items.map((g) => g.id),
    )
    return {
      items: page.items.map((group) => ({ group, memberCount: counts.get(group.id) ?? 0 })),
      next: page.next,
    }
  }

  /** Admin API: one group with its members. */
  async getForAdmin(orgId: string, groupId: string) {
    const { scim } = this.#deps.store.read
    const group = await scim.findGroup(orgId, groupId)
    if (group === undefined) throw new AppError('group.not_found')
    const members = (await scim.members(orgId, [groupId])).get(groupId) ?? []
    return { group, members }
  }

  async create(caller: SCIMCaller, body: unknown): Promise<Record<string, unknown>> {
    const { store, clock } = this.#deps
    const input = readGroupResource(body)
    const now = clock.now()
    const group: Group = {
      id: newId(),
      orgId: caller.orgId,
      displayName: input.displayName,
      externalId: input.externalId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }
    return store.transaction(async (repos) => {
      const memberIds = input.memberIds ?? []
      await assertMembers(repos.scim, caller.orgId, memberIds)
      await repos.scim.insertGroup(group)
      await repos.scim.changeMembers(caller.orgId, group.id, memberIds, [])
      await repos.audit.insert(
        this.#event(caller, 'group.created', group.id, {
          displayName: group.displayName,
          added: memberIds.length,
        }),
      )
      await this.#mapRoles(repos, caller, memberIds)
      return this.#one(repos.scim, caller.orgId, group.id)
    })
  }

  /** PUT /Groups/{id}: `members` left out keeps the members (Entra's PUT carries no members). */
  async replace(caller: SCIMCaller, groupId: string, body: unknown, ifMatch: string | undefined) {
    return this.#change(caller, groupId, ifMatch, () => readGroupResource(body))
  }

  /** PATCH /Groups/{id}: the operations applied to the current group, then handled like a PUT. */
  async patch(caller: SCIMCaller, groupId: string, body: unknown, ifMatch: string | undefined) {
    await this.#change(caller, groupId, ifMatch, (current) => {
      const { meta: _meta, ...document } = current
      const patched = applyPatch(document, body, GROUP_PATCH_RULES)
      // After a PATCH, no members attribute means no members (unlike a PUT that leaves it out).
      return readGroupResource({ members: [], ...patched })
    })
  }

  async delete(caller: SCIMCaller, groupId: string, ifMatch: string | undefined): Promise<void> {
    await this.#deps.store.transaction(async (repos) => {
      const group = await this.#lock(repos.scim, caller.orgId, groupId, ifMatch)
      const members = (await repos.scim.members(caller.orgId, [groupId])).get(groupId) ?? []
      await repos.scim.deleteGroup(caller.orgId, groupId)
      await repos.audit.insert(
        this.#event(caller, 'group.deleted', groupId, { displayName: group.displayName }),
      )
      await this.#mapRoles(
        repos,
        caller,
        members.map((m) => m.id),
      )
    })
  }

  async #change(
    caller: SCIMCaller,
    groupId: string,
    ifMatch: string | undefined,
    read: (current: Record<string, unknown>) => GroupInput,
  ): Promise<Record<string, unknown>> {
    const { store, clock } = this.#deps
    return store.transaction(async (repos) => {
      const group = await this.#lock(repos.scim, caller.orgId, groupId, ifMatch)
      const full = { attributes: undefined, excluded: undefined }
      const [current] = await this.#resources(repos.scim, caller.orgId, [group], full)
      const input = read(current ?? {})
      const before = new Set(memberValues(current))
      const after = input.memberIds === undefined ? before : new Set(input.memberIds)
      const added = [...after].filter((id) => !before.has(id))
      const removed = [...before].filter((id) => !after.has(id))
      await assertMembers(repos.scim, caller.orgId, added)
      await repos.scim.updateGroup(
        caller.orgId,
        groupId,
        { displayName: input.displayName, externalId: input.externalId },
        clock.now(),
      )
      await repos.scim.changeMembers(caller.orgId, groupId, added, removed)
      await repos.audit.insert(
        this.#event(caller, 'group.updated', groupId, {
          displayName: input.displayName,
          added: added.length,
          removed: removed.length,
        }),
      )
      // A new name can match other rules: then every member is affected, not only the moved ones.
      const renamed = input.displayName !== group.displayName
      await this.#mapRoles(repos, caller, renamed ? [...after, ...removed] : [...added, ...removed])
      return this.#one(repos.scim, caller.orgId, groupId)
    })
  }

  /** Applies the role mapping to `userIds` (refused, with the whole change, if it strands the org). */
  async #mapRoles(repos: Repos, caller: SCIMCaller, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return
    const context = { orgId: caller.orgId, clock: this.#deps.clock, actor: caller.actor }
    await guardAccess(repos, context, {}, () => applyRoleMapping(repos, context, userIds))
  }

  /** The group, locked for this transaction, as it was before (If-Match checked against that). */
  async #lock(scim: SCIMRepository, orgId: string, groupId: string, ifMatch: string | undefined) {
    const locked = await scim.lockGroupForChange(orgId, groupId)
    const group = locked ? await scim.findGroup(orgId, groupId) : undefined
    if (group === undefined) throw new AppError('scim.not_found')
    assertVersion(group.version - 1, ifMatch)
    return group
  }

  async #one(scim: SCIMRepository, orgId: string, groupId: string) {
    const group = await scim.findGroup(orgId, groupId)
    if (group === undefined) throw new AppError('scim.not_found')
    const full = { attributes: undefined, excluded: undefined }
    const [resource] = await this.#resources(scim, orgId, [group], full)
    return resource ?? {}
  }

  /** Members are read only when the projection returns them (Entra asks without, for big groups). */
  async #resources(
    scim: SCIMRepository,
    orgId: string,
    groups: readonly Group[],
    shape: Projection,
  ): Promise<Record<string, unknown>[]> {
    const wanted =
      (shape.attributes === undefined || shape.attributes.some((a) => a.startsWith('members'))) &&
      !(shape.excluded ?? []).includes('members')
    const members = wanted
      ? await scim.members(
          orgId,
          groups.map((g) => g.id),
        )
      : undefined
    const base = `${this.#deps.publicUrl}/scim/v2/${encodeURIComponent(orgId)}`
    return groups.map((g) =>
      groupResource(g, members === undefined ? undefined : (members.get(g.id) ?? []), base),
    )
  }

  #event(caller: SCIMCaller, type: string, groupId: string, details: Record<string, unknown>) {
    return auditEvent(this.#deps.clock, {
      orgId: caller.orgId,
      type,
      outcome: 'success',
      actor: caller.actor,
      target: { type: 'group', id: groupId },
      details: { ...details, via: 'scim' },
    })
  }
}

/** Every id must be a user of this organization; the same answer for a foreign id as for none. */
async function assertMembers(
  scim: SCIMRepository,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return
  const found = await scim.existingUsers(orgId, ids)
  if (ids.some((id) => !found.has(id))) {
    throw new AppError('scim.invalid_value', {
      details: { reason: 'members must be users of this organization' },
    })
  }
}

function memberValues(resource: Record<string, unknown> | undefined): string[] {
  const members = resource?.['members']
  if (!Array.isArray(members)) return []
  return members.map((m) => (m as { value: string }).value)
}
