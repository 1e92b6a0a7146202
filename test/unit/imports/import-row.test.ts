/** What one CSV row does (SPEC §4), as a table: the cells checked alone, then the decision from the facts. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkCells, decideRow, type RowFacts } from '../../../src/imports/import-row.ts'
import type { User } from '../../../src/users/user.ts'
import { buildUser } from '../../helpers/fixtures.ts'

const cells = (email: string, role = '', givenName = '', familyName = '') => ({
  email,
  givenName,
  familyName,
  role,
})

describe('imports: checkCells', () => {
  const cases: [string, ReturnType<typeof cells> | null, string | null][] = [
    ['a well-formed row', cells('Ada@Orga.test', 'admin', 'Ada', 'Lovelace'), null],
    ['a row with a different number of fields', null, 'row.malformed'],
    ['an invalid email', cells('not-an-email'), 'row.invalid_email'],
    ['the owner role', cells('a@orga.test', 'owner'), 'row.role_not_allowed'],
    ['an unknown role', cells('a@orga.test', 'root'), 'row.role_unknown'],
    ['a name with a line break', cells('a@orga.test', '', 'A\nB'), 'row.invalid_name'],
    ['a name with a bidi override', cells('a@orga.test', '', 'A\u202Eb'), 'row.invalid_name'],
    ['a name of 201 characters', cells('a@orga.test', '', 'x'.repeat(201)), 'row.invalid_name'],
  ]
  for (const [name, row, code] of cases) {
    it(`${name} → ${code ?? 'ok'}`, () => {
      const checked = checkCells(row)
      assert.equal(checked.ok ? null : checked.code, code)
    })
  }
  it('keeps empty role and name cells as "not given"', () => {
    const checked = checkCells(cells('a@orga.test', ' ', ' ', ''))
    assert.ok(checked.ok)
    assert.deepEqual([checked.givenName, checked.familyName, checked.role], [null, null, null])
  })
})

describe('imports: decideRow', () => {
  const ORG = 'org-a'
  const mine = (over: Partial<User> = {}) =>
    buildUser(ORG, { email: 'ada@orga.test', role: 'member', givenName: 'Ada', ...over })
  const elsewhere = buildUser('org-b', { email: 'ada@orga.test' })
  const row = (role = '', givenName = '') => checkCells(cells('ada@orga.test', role, givenName))
  const facts = (existing: User | undefined, domain: RowFacts['domain']): RowFacts => ({
    existing,
    domain,
  })
  const cases: [string, ReturnType<typeof row>, RowFacts, string][] = [
    ['new, our domain', row(), facts(undefined, 'ours'), 'create'],
    ['new, unverified domain', row(), facts(undefined, 'none'), 'reject row.domain_not_verified'],
    [
      'new, another organization’s domain',
      row(),
      facts(undefined, 'theirs'),
      'reject row.domain_owned_elsewhere',
    ],
    [
      'an account elsewhere, our domain',
      row(),
      facts(elsewhere, 'ours'),
      'reject row.adoption_required',
    ],
    ['ours, same values', row('member', 'Ada'), facts(mine(), 'ours'), 'unchanged'],
    ['ours, empty cells keep values', row(), facts(mine(), 'none'), 'unchanged'],
    ['ours, a new name, any domain', row('', 'Augusta'), facts(mine(), 'theirs'), 'update'],
    ['ours, a new role', row('admin'), facts(mine(), 'ours'), 'update'],
    [
      'the owner, another role',
      row('member'),
      facts(mine({ role: 'owner' }), 'ours'),
      'reject row.owner_protected',
    ],
  ]
  for (const [name, checked, given, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const decision = decideRow(ORG, checked, given)
      const got = decision.outcome === 'reject' ? `reject ${decision.code}` : decision.outcome
      assert.equal(got, expected)
    })
  }
})
