/**
 * SCIM Groups (RFC 7643 §4.2) to and from Portcullis groups: a display name, an optional externalId and
 * members that are users of the same organization. Nested groups are not supported. Pure.
 */
import { AppError } from '../errors/app-error.ts'
import type { Group, GroupMember } from './group.ts'
import { SCHEMA, SCIM_LIMITS } from './scim-schema.ts'
import { etag, fields } from './scim-user.ts'

/** What a POST or PUT of a Group says, validated. */
export interface GroupInput {
  readonly displayName: string
  readonly externalId: string | null
  /** The member user ids, each once; undefined when `members` was not sent. */
  readonly memberIds: readonly string[] | undefined
}

const MAX_NAME = 256

export function readGroupResource(body: unknown): GroupInput {
  const resource = fields(body, 'the Group')
  const schemas = resource.get('schemas')
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA.group)) {
    throw new AppError('scim.invalid_syntax', {
      details: { reason: `schemas must include ${SCHEMA.group}` },
    })
  }
  const displayName = resource.get('displayname')
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    throw value('displayName is required')
  }
  const externalId = resource.get('externalid')
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') {
    throw value('externalId must be a string')
  }
  for (const text of [displayName, externalId ?? '']) {
    // eslint-disable-next-line no-control-regex
    if (text.length > MAX_NAME || /[\u0000-\u001f]/.test(text)) {
      throw value(
        'displayName and externalId are at most 256 characters, without control characters',
      )
    }
  }
  return {
    displayName,
    externalId: externalId ?? null,
    memberIds: readMembers(resource.get('members')),
  }
}

function readMembers(input: unknown): string[] | undefined {
  if (input === undefined || input === null) return undefined
  if (!Array.isArray(input)) throw value('members must be an array')
  if (input.length > SCIM_LIMITS.maxMembersPerRequest) {
    throw new AppError('scim.too_many', {
      details: { reason: `at most ${SCIM_LIMITS.maxMembersPerRequest} members per request` },
    })
  }
  const ids = new Set<string>()
  for (const item of input) {
    const member = fields(item, 'a member')
    const id = member.get('value')
    if (typeof id !== 'string' || id === '' || id.length > 100) {
      throw value('each member needs the value of a user id')
    }
    const type = member.get('type')
    if (type !== undefined && type !== null && String(type).toLowerCase() !== 'user') {
      throw value('members must be users; nested groups are not supported')
    }
    ids.add(id)
  }
  return [...ids]
}

/** The Group resource (RFC 7643 §4.2); `members` undefined leaves the attribute out. */
export function groupResource(
  group: Group,
  members: readonly GroupMember[] | undefined,
  baseUrl: string,
): Record<string, unknown> {
  return {
    schemas: [SCHEMA.group],
    id: group.id,
    ...(group.externalId !== null && { externalId: group.externalId }),
    displayName: group.displayName,
    ...(members !== undefined && {
      members: members.map((m) => ({
        value: m.id,
        display: m.display,
        type: 'User',
        $ref: `${baseUrl}/Users/${m.id}`,
      })),
    }),
    meta: {
      resourceType: 'Group',
      created: new Date(group.createdAt).toISOString(),
      lastModified: new Date(group.updatedAt).toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etag(group.version),
    },
  }
}

function value(reason: string): AppError {
  return new AppError('scim.invalid_value', { details: { reason } })
}
