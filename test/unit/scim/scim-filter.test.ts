/** SCIM filters to field comparisons (SECURITY-CASES SCIM-05): what resolves, and what is refused. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isAppError } from '../../../src/errors/app-error.ts'
import { GROUP_FILTERS, USER_FILTERS, parseFilter } from '../../../src/scim/scim-filter.ts'

const reason = (text: string) => {
  try {
    parseFilter(text, USER_FILTERS)
  } catch (error) {
    assert.ok(isAppError(error))
    assert.equal(error.code, 'scim.invalid_filter')
    return String(error.details?.['reason'])
  }
  assert.fail(`accepted: ${text}`)
}

describe('SCIM filters', () => {
  it('resolves userName eq to the canonical email column with the value canonicalized', () => {
    assert.deepEqual(parseFilter('userName eq "Ada@OrgA.test"', USER_FILTERS), {
      kind: 'compare',
      field: { field: 'email_canonical', type: 'string', caseExact: false, canonicalEmail: true },
      op: 'eq',
      value: 'ada@orga.test',
    })
    const idn = parseFilter('userName eq "A@Bücher.example"', USER_FILTERS)
    assert.ok(idn?.kind === 'compare' && idn.value === 'a@xn--bcher-kva.example')
    const part = parseFilter('userName sw "ADA"', USER_FILTERS)
    assert.ok(part?.kind === 'compare' && part.value === 'ada')
    // attribute names are case-insensitive, operators too, the core URN prefix is allowed
    const prefixed = parseFilter(
      'urn:ietf:params:scim:schemas:core:2.0:User:USERNAME EQ "a@orga.test"',
      USER_FILTERS,
    )
    assert.equal(prefixed?.kind, 'compare')
  })

  it('keeps case-exactness per schema: externalId and id compare exactly', () => {
    const f = parseFilter('externalId eq "AbC"', USER_FILTERS)
    assert.ok(f?.kind === 'compare' && f.field.caseExact && f.value === 'AbC')
  })

  it('resolves and, or, not, grouping and every comparison operator', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      assert.equal(parseFilter(`displayName ${op} "x"`, USER_FILTERS)?.kind, 'compare')
    }
    assert.equal(parseFilter('displayName pr', USER_FILTERS)?.kind, 'present')
    const tree = parseFilter(
      'name.familyName eq "E" and (emails.value co "example.com" or not (active eq false))',
      USER_FILTERS,
    )
    assert.equal(tree?.kind, 'and')
  })

  it('reads value paths: emails[type eq "work" and value co "@"]', () => {
    const f = parseFilter('emails[type eq "work" and value co "@"]', USER_FILTERS)
    assert.deepEqual(f?.kind, 'and')
    const other = parseFilter('emails[type eq "home"]', USER_FILTERS)
    assert.deepEqual(other, { kind: 'constant', value: false })
  })

  it('resolves group membership filters', () => {
    const f = parseFilter('members[value eq "u1"]', GROUP_FILTERS)
    assert.ok(f?.kind === 'compare' && f.field.field === 'member')
    assert.throws(() => parseFilter('members[display eq "x"]', GROUP_FILTERS), /filter/)
  })

  it('passes quotes and SQL through as a value, never as syntax (injection attempts)', () => {
    const quoted = parseFilter('displayName eq "a\\" or 1 eq 1"', USER_FILTERS)
    assert.ok(quoted?.kind === 'compare' && quoted.value === 'a" or 1 eq 1')
    const sqlish = parseFilter(`displayName eq "x' OR '1'='1"`, USER_FILTERS)
    assert.ok(sqlish?.kind === 'compare' && sqlish.value === "x' OR '1'='1")
    const asEmail = parseFilter(`userName eq "X' OR '1'='1"`, USER_FILTERS)
    assert.ok(asEmail?.kind === 'compare' && asEmail.value === "x' or '1'='1")
  })

  it('refuses password, unknown attributes and type mismatches', () => {
    assert.match(reason('password pr'), /unknown or unfilterable attribute password/)
    assert.match(reason('roles eq "admin"'), /unknown/)
    assert.match(reason('active eq "yes"'), /true or false/)
    assert.match(reason('active co true'), /true or false/)
    assert.match(reason('meta.created gt "yesterday"'), /dateTime/)
    assert.match(reason('meta.created co "2020"'), /dateTime/)
  })

  it('refuses what the grammar does not allow', () => {
    for (const bad of [
      'userName',
      'userName eq',
      'userName eq "a" and',
      '(userName eq "a"',
      'userName zz "a"',
    ]) {
      reason(bad)
    }
  })

  it('bounds length and nesting before parsing (10k parentheses, 1 MB, not(not(…)))', () => {
    assert.match(reason(`${'('.repeat(10_000)}userName eq "a"${')'.repeat(10_000)}`), /deeply|long/)
    assert.match(reason(`userName eq "${'a'.repeat(1024 * 1024)}"`), /too long/)
    assert.match(reason(`${'not ('.repeat(20)}active eq true${')'.repeat(20)}`), /deeply/)
    assert.match(reason(`${'not '.repeat(20)}active eq true`), /deeply|expected|invalid/i)
    // positive control: the same shape within the limits
    assert.equal(
      parseFilter(`${'('.repeat(10)}userName eq "a"${')'.repeat(10)}`, USER_FILTERS)?.kind,
      'compare',
    )
  })

  it('treats no filter as none', () => {
    assert.equal(parseFilter(undefined, USER_FILTERS), undefined)
    assert.equal(parseFilter('  ', USER_FILTERS), undefined)
  })
})
