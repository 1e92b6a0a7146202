/** Reading and writing SCIM resources, paging and projection (SECURITY-CASES SCIM-06, SCIM-09). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isAppError } from '../../../src/errors/app-error.ts'
import { readGroupResource } from '../../../src/scim/scim-group.ts'
import { paging, project, projection } from '../../../src/scim/scim-list.ts'
import { SCHEMA } from '../../../src/scim/scim-schema.ts'
import { readUserResource } from '../../../src/scim/scim-user.ts'

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    assert.ok(isAppError(error), String(error))
    return error.code
  }
  assert.fail('no error')
}

describe('SCIM paging (RFC 7644 §3.4.2.4)', () => {
  it('treats startIndex < 1 as 1, negative count as 0 and caps count at maxResults', () => {
    assert.deepEqual(paging('0', '-1'), { startIndex: 1, count: 0 })
    assert.deepEqual(paging('-5', '1000000'), { startIndex: 1, count: 200 })
    assert.deepEqual(paging(undefined, undefined), { startIndex: 1, count: 100 })
    assert.deepEqual(paging('3', '2'), { startIndex: 3, count: 2 })
    assert.equal(paging(String(2n ** 63n), '1').startIndex, Number.MAX_SAFE_INTEGER)
  })

  it('refuses what is not an integer', () => {
    assert.equal(
      code(() => paging('one', undefined)),
      'scim.invalid_value',
    )
    assert.equal(
      code(() => paging(undefined, '1e3')),
      'scim.invalid_value',
    )
  })
})

describe('SCIM projection (RFC 7644 §3.9)', () => {
  const resource = {
    schemas: [SCHEMA.user],
    id: 'u1',
    userName: 'a@orga.test',
    name: { givenName: 'A', familyName: 'B' },
    emails: [{ value: 'a@orga.test', type: 'work' }],
    meta: { resourceType: 'User' },
  }
  it('returns the asked attributes, sub-attributes, and always id and schemas', () => {
    assert.deepEqual(project(resource, projection('userName,name.givenName', undefined)), {
      schemas: [SCHEMA.user],
      id: 'u1',
      userName: 'a@orga.test',
      name: { givenName: 'A' },
    })
    assert.deepEqual(Object.keys(project(resource, projection(undefined, 'emails,meta'))), [
      'schemas',
      'id',
      'userName',
      'name',
    ])
    assert.deepEqual(Object.keys(project(resource, projection('password', undefined))), [
      'schemas',
      'id',
    ])
    // a value filter in `attributes` (Microsoft's test collection sends one) reads as its attribute
    assert.deepEqual(
      Object.keys(project(resource, projection('emails[type eq "work"]', undefined))),
      ['schemas', 'id', 'emails'],
    )
  })
})

describe('SCIM User resources', () => {
  const base = { schemas: [SCHEMA.user], userName: 'Ada@OrgA.test' }
  it('reads userName as the email, active strings as Entra sends them, names and extensions', () => {
    const input = readUserResource({
      ...base,
      active: 'False',
      name: { givenName: 'Ada' },
      [SCHEMA.enterprise]: { department: 'R&D', manager: { value: 'm1' } },
    })
    assert.equal(input.emailCanonical, 'ada@orga.test')
    assert.equal(input.domain, 'orga.test')
    assert.equal(input.active, false)
    assert.equal(input.givenName, 'Ada')
    assert.deepEqual(input.data[SCHEMA.enterprise], { department: 'R&D', manager: { value: 'm1' } })
    assert.equal(readUserResource(base).active, undefined)
  })

  it('keeps addresses with their sub-attributes (Entra maps work addresses by default)', () => {
    const input = readUserResource({
      ...base,
      addresses: [
        { type: 'work', StreetAddress: '1 Main St', locality: 'Springfield', country: null },
      ],
    })
    assert.deepEqual(input.data['addresses'], [
      { streetAddress: '1 Main St', locality: 'Springfield', type: 'work' },
    ])
  })

  it('reads attribute names case-insensitively', () => {
    const input = readUserResource({
      SCHEMAS: [SCHEMA.user],
      USERNAME: 'a@orga.test',
      DisplayName: 'A',
    })
    assert.equal(input.displayName, 'A')
  })

  it('refuses passwords, missing or non-email userNames, wrong types and oversized values', () => {
    assert.equal(
      code(() => readUserResource({ ...base, password: 'x' })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() => readUserResource({ schemas: [SCHEMA.user] })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() => readUserResource({ ...base, userName: 'UserName123' })),
      'scim.domain_not_verified',
    )
    assert.equal(
      code(() => readUserResource({ userName: 'a@orga.test' })),
      'scim.invalid_syntax',
    )
    assert.equal(
      code(() => readUserResource({ ...base, active: 'yes' })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() => readUserResource({ ...base, displayName: 'x'.repeat(1024 * 1024) })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() =>
        readUserResource({ ...base, emails: Array.from({ length: 1000 }, () => ({ value: 'x' })) }),
      ),
      'scim.too_many',
    )
    assert.equal(
      code(() => readUserResource([])),
      'scim.invalid_syntax',
    )
  })

  it('keeps a __proto__ key an ordinary field', () => {
    const hostile = JSON.parse(
      `{"schemas":["${SCHEMA.user}"],"userName":"a@orga.test","__proto__":{"isAdmin":true},"name":{"__proto__":{"x":1},"givenName":"A"}}`,
    )
    const input = readUserResource(hostile)
    assert.equal((input as unknown as Record<string, unknown>)['isAdmin'], undefined)
    assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined)
    assert.equal(input.givenName, 'A')
  })
})

describe('SCIM Group resources', () => {
  it('reads displayName, externalId and members (each once)', () => {
    const input = readGroupResource({
      schemas: [SCHEMA.group],
      displayName: 'Eng',
      externalId: 'e1',
      members: [{ value: 'u1' }, { value: 'u1', type: 'User' }, { value: 'u2' }],
    })
    assert.deepEqual(input, { displayName: 'Eng', externalId: 'e1', memberIds: ['u1', 'u2'] })
    assert.equal(
      readGroupResource({ schemas: [SCHEMA.group], displayName: 'X' }).memberIds,
      undefined,
    )
  })

  it('refuses nested groups, members without a value, a missing name', () => {
    const g = { schemas: [SCHEMA.group], displayName: 'G' }
    assert.equal(
      code(() => readGroupResource({ ...g, members: [{ value: 'g2', type: 'Group' }] })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() => readGroupResource({ ...g, members: ['u1'] })),
      'scim.invalid_syntax',
    )
    assert.equal(
      code(() => readGroupResource({ ...g, members: [{}] })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() => readGroupResource({ schemas: [SCHEMA.group] })),
      'scim.invalid_value',
    )
    assert.equal(
      code(() =>
        readGroupResource({
          ...g,
          members: Array.from({ length: 1001 }, (_, i) => ({ value: `u${i}` })),
        }),
      ),
      'scim.too_many',
    )
  })
})
