/** The role mapping's rules as plain functions (issue 28). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  MAX_IDP_GROUPS,
  MAX_ROLE_RULES,
  mappedRole,
  readRoleMapping,
  samlGroupsOf,
  type GroupEvidence,
  type RoleMapping,
} from '../../../src/users/role-mapping.ts'

const MAPPING: RoleMapping = readRoleMapping({
  enabled: true,
  rules: [
    { source: 'scim_group', match: 'Staff', role: 'member' },
    { source: 'scim_group', match: 'Console Admins', role: 'admin' },
    { source: 'saml_attribute', attribute: 'groups', match: 'admins', role: 'admin' },
  ],
})
const evidence = (over: Partial<GroupEvidence>): GroupEvidence => ({
  scimGroups: [],
  samlGroups: null,
  mappedBefore: false,
  ...over,
})

describe('users: role mapping rules', () => {
  it('gives the highest matched role, by group id or display name (any case), or SAML value', () => {
    const staffAndAdmins = evidence({
      scimGroups: [
        { id: 'g1', displayName: 'staff' },
        { id: 'g2', displayName: 'CONSOLE ADMINS' },
      ],
    })
    assert.deepEqual(mappedRole(MAPPING, 'member', staffAndAdmins), {
      role: 'admin',
      origin: { rule: { source: 'scim_group', match: 'Console Admins' } },
    })
    const byId = readRoleMapping({
      enabled: true,
      rules: [{ source: 'scim_group', match: 'g9', role: 'admin' }],
    })
    assert.equal(
      mappedRole(byId, 'member', evidence({ scimGroups: [{ id: 'g9', displayName: 'x' }] }))?.role,
      'admin',
    )
    assert.equal(
      mappedRole(MAPPING, 'member', evidence({ samlGroups: { groups: ['admins'] } }))?.role,
      'admin',
    )
    // SAML values compare exactly; another attribute's values do not count.
    assert.equal(
      mappedRole(
        MAPPING,
        'admin',
        evidence({ samlGroups: { groups: ['Admins'], other: ['admins'] } }),
      )?.role,
      'member',
    )
  })

  it('leaves the owner, users the IdP does not manage, and everyone when off', () => {
    const admins = evidence({ scimGroups: [{ id: 'g2', displayName: 'Console Admins' }] })
    assert.equal(mappedRole(MAPPING, 'owner', admins), undefined)
    assert.equal(mappedRole(MAPPING, 'admin', evidence({})), undefined)
    assert.equal(mappedRole({ ...MAPPING, enabled: false }, 'member', admins), undefined)
    // Taken out of the last group after the mapping gave the role: demoted, not forgotten.
    assert.deepEqual(mappedRole(MAPPING, 'admin', evidence({ mappedBefore: true })), {
      role: 'member',
      origin: { rule: null },
    })
  })

  it('refuses malformed mappings with the field', () => {
    const field = (input: unknown) => {
      try {
        readRoleMapping(input)
        return 'accepted'
      } catch (error) {
        return (error as { details?: { field?: string } }).details?.field
      }
    }
    assert.equal(field(null), 'body')
    assert.equal(field({ enabled: 'yes', rules: [] }), 'enabled')
    assert.equal(
      field({ enabled: true, rules: [{ source: 'ldap', match: 'x', role: 'admin' }] }),
      'rules[0].source',
    )
    assert.equal(
      field({ enabled: true, rules: [{ source: 'scim_group', match: ' ', role: 'admin' }] }),
      'rules[0].match',
    )
    assert.equal(
      field({ enabled: true, rules: [{ source: 'scim_group', match: 'x', role: 'owner' }] }),
      'rules[0].role',
    )
    assert.equal(
      field({ enabled: true, rules: [{ source: 'saml_attribute', match: 'x', role: 'admin' }] }),
      'rules[0].attribute',
    )
    assert.equal(
      field({
        enabled: true,
        rules: [{ source: 'scim_group', attribute: 'a', match: 'x', role: 'admin' }],
      }),
      'rules[0].attribute',
    )
    assert.equal(
      field({ enabled: true, rules: [{ source: 'scim_group', match: 'a\u0000', role: 'admin' }] }),
      'rules[0].match',
    )
    const many = Array.from({ length: MAX_ROLE_RULES + 1 }, () => ({
      source: 'scim_group',
      match: 'x',
      role: 'admin',
    }))
    assert.equal(field({ enabled: true, rules: many }), 'rules')
  })

  it('keeps the values of the attributes the rules read, bounded, and says how many it cut', () => {
    const values = Array.from({ length: MAX_IDP_GROUPS + 7 }, (_, i) => `g${i}`)
    const { groups, cut } = samlGroupsOf(MAPPING, { groups: [...values, 'g1'], name: ['Ada'] })
    assert.deepEqual(Object.keys(groups ?? {}), ['groups'])
    assert.equal(groups?.['groups']?.length, MAX_IDP_GROUPS)
    assert.equal(cut, 7)
    assert.deepEqual(samlGroupsOf(MAPPING, { name: ['Ada'] }), { groups: null, cut: 0 })
  })
})
