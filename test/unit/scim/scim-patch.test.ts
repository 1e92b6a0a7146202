/** SCIM PATCH on a document (SECURITY-CASES SCIM-07): the forms IdPs send, and what must be refused. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isAppError } from '../../../src/errors/app-error.ts'
import { applyPatch, type PatchRules } from '../../../src/scim/scim-patch.ts'
import { SCHEMA } from '../../../src/scim/scim-schema.ts'

const RULES: PatchRules = {
  readOnly: new Set(['id', 'meta', 'groups', 'schemas']),
  multiValued: new Set(['emails', 'phonenumbers', 'members']),
  extensions: [SCHEMA.enterprise],
  core: SCHEMA.user,
}

const user = () => ({
  schemas: [SCHEMA.user],
  id: 'u1',
  userName: 'ada@orga.test',
  active: true,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ value: 'ada@orga.test', type: 'work', primary: true }],
})

const patch = (...Operations: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations })

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    assert.ok(isAppError(error), String(error))
    return error.code
  }
  assert.fail('no error')
}

describe('SCIM PATCH', () => {
  it('takes op in any case and leaves the input document alone', () => {
    const before = user()
    const after = applyPatch(
      before,
      patch({ op: 'Replace', path: 'active', value: 'False' }),
      RULES,
    )
    assert.equal(after['active'], 'False') // read as false by readUserResource
    assert.equal(before.active, true)
  })

  it('applies a value object without a path (Okta, SailPoint) including dotted keys (Entra)', () => {
    const after = applyPatch(
      user(),
      patch({ op: 'replace', value: { active: false, 'name.givenName': 'Augusta' } }),
      RULES,
    )
    assert.equal(after['active'], false)
    assert.deepEqual(after['name'], { givenName: 'Augusta', familyName: 'Lovelace' })
  })

  it('lets a no-path value repeat a read-only attribute unchanged (Okta), never change it', () => {
    const same = applyPatch(
      user(),
      patch({ op: 'replace', value: { id: 'u1', displayName: 'A' } }),
      RULES,
    )
    // attributes the document lacks are added under their lower-cased name; readers ignore case
    assert.equal(same['displayname'], 'A')
    assert.equal(same['id'], 'u1')
    assert.equal(
      code(() => applyPatch(user(), patch({ op: 'replace', value: { id: 'u2' } }), RULES)),
      'scim.mutability',
    )
  })

  it('writes enterprise URN paths and the manager sub-attribute', () => {
    const after = applyPatch(
      user(),
      patch(
        { op: 'add', path: `${SCHEMA.enterprise}:department`, value: 'R&D' },
        { op: 'replace', path: `${SCHEMA.enterprise}:manager`, value: { value: 'm1' } },
      ),
      RULES,
    )
    assert.deepEqual(after[SCHEMA.enterprise], { department: 'R&D', manager: { value: 'm1' } })
    assert.ok((after['schemas'] as string[]).includes(SCHEMA.enterprise))
  })

  it('creates the element a filtered add names: emails[type eq "work"].value (Entra)', () => {
    const doc = { ...user(), emails: [] }
    const after = applyPatch(
      doc,
      patch({ op: 'add', path: 'emails[type eq "work"].value', value: 'a@orga.test' }),
      RULES,
    )
    assert.deepEqual(after['emails'], [{ type: 'work', value: 'a@orga.test' }])
  })

  it('removes members by filter and by a list of values', () => {
    const group = {
      schemas: [SCHEMA.group],
      displayName: 'G',
      members: [{ value: 'a' }, { value: 'b' }, { value: 'c' }],
    }
    const rules = { ...RULES, core: SCHEMA.group }
    const one = applyPatch(group, patch({ op: 'remove', path: 'members[value eq "b"]' }), rules)
    assert.deepEqual(one['members'], [{ value: 'a' }, { value: 'c' }])
    const list = applyPatch(
      group,
      patch({ op: 'remove', path: 'members', value: [{ value: 'a' }, { value: 'c' }] }),
      rules,
    )
    assert.deepEqual(list['members'], [{ value: 'b' }])
    const all = applyPatch(group, patch({ op: 'remove', path: 'members' }), rules)
    assert.equal(all['members'], undefined)
    const added = applyPatch(
      group,
      patch({ op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'd' }] }),
      rules,
    )
    assert.deepEqual(added['members'], [
      { value: 'a' },
      { value: 'b' },
      { value: 'c' },
      { value: 'd' },
    ])
  })

  it('refuses read-only attributes, remove without a path, and bad paths', () => {
    for (const path of ['id', 'meta', 'schemas', 'groups', 'META.lastModified']) {
      assert.equal(
        code(() => applyPatch(user(), patch({ op: 'replace', path, value: 'x' }), RULES)),
        'scim.mutability',
      )
    }
    assert.equal(
      code(() => applyPatch(user(), patch({ op: 'remove' }), RULES)),
      'scim.no_target',
    )
    assert.equal(
      code(() =>
        applyPatch(user(), patch({ op: 'replace', path: 'emails[type eq', value: 1 }), RULES),
      ),
      'scim.invalid_path',
    )
    assert.equal(
      code(() =>
        applyPatch(
          user(),
          patch({ op: 'replace', path: 'emails[type eq "home"]', value: {} }),
          RULES,
        ),
      ),
      'scim.no_target',
    )
    assert.equal(
      code(() => applyPatch(user(), patch({ op: 'move', path: 'active', value: 1 }), RULES)),
      'scim.invalid_syntax',
    )
    assert.equal(
      code(() => applyPatch(user(), { Operations: [] }, RULES)),
      'scim.invalid_syntax',
    )
  })

  it('cannot reach a prototype: __proto__ paths, constructor.prototype, __proto__ in values', () => {
    assert.equal(
      code(() =>
        applyPatch(user(), patch({ op: 'add', path: '__proto__.isAdmin', value: true }), RULES),
      ),
      'scim.invalid_path',
    )
    assert.equal(
      code(() =>
        applyPatch(user(), patch({ op: 'add', path: 'constructor.prototype.x', value: 1 }), RULES),
      ),
      'scim.invalid_path',
    )
    const hostile = JSON.parse('{"op":"add","path":"name","value":{"__proto__":{"isAdmin":true}}}')
    const after = applyPatch(user(), patch(hostile), RULES)
    const probe: Record<string, unknown> = {}
    assert.equal(probe['isAdmin'], undefined)
    assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined)
    assert.equal(Object.getPrototypeOf(after['name']), Object.prototype)
    const noPath = JSON.parse('{"op":"add","value":{"__proto__":{"polluted":1}}}')
    code(() => applyPatch(user(), patch(noPath), RULES))
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined)
    const filtered = applyPatch(
      { ...user(), emails: [] },
      patch({ op: 'add', path: 'emails[__proto__ eq "x"].value', value: 'v' }),
      RULES,
    )
    assert.equal(({} as Record<string, unknown>)['x'], undefined)
    assert.ok(Array.isArray(filtered['emails']))
  })

  it('is all or nothing: one bad operation among good ones fails the lot', () => {
    const before = user()
    assert.equal(
      code(() =>
        applyPatch(
          before,
          patch(
            { op: 'replace', path: 'displayName', value: 'X' },
            { op: 'replace', path: 'id', value: 'other' },
          ),
          RULES,
        ),
      ),
      'scim.mutability',
    )
    assert.equal((before as Record<string, unknown>)['displayName'], undefined)
  })

  it('caps the number of operations', () => {
    const many = Array.from({ length: 10_000 }, () => ({
      op: 'replace',
      path: 'title',
      value: 'x',
    }))
    assert.equal(
      code(() => applyPatch(user(), patch(...many), RULES)),
      'scim.too_many',
    )
    const fine = Array.from({ length: 100 }, () => ({ op: 'replace', path: 'title', value: 'x' }))
    assert.equal(applyPatch(user(), patch(...fine), RULES)['title'], 'x')
  })
})
