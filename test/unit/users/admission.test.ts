/**
 * The admission rule (SPEC §2) and each door's codes for it, as a table: every (domain owner, holder)
 * pair, and what the Admin API/CLI invite, SCIM and the CSV import answer for it.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { IMPORT_ADMISSION } from '../../../src/imports/import-row.ts'
import { SCIM_ADMISSION } from '../../../src/scim/scim-user.ts'
import {
  ADMISSION_REFUSALS,
  admissionRefusals,
  INVITE_ADMISSION,
  refusalAt,
  type DomainOwner,
  type Holder,
} from '../../../src/users/admission.ts'

const DOMAINS: readonly DomainOwner[] = ['ours', 'theirs', 'none']
const HOLDERS: readonly Holder[] = ['nobody', 'here', 'elsewhere']

/** domain × holder → [refusals, invite, SCIM, import] */
const TABLE: Record<string, [string[], string | null, string | null, string | null]> = {
  'ours nobody': [[], null, null, null],
  'ours here': [['held_here'], 'user.email_taken', 'scim.uniqueness', 'row.conflict'],
  'ours elsewhere': [
    ['held_elsewhere'],
    'user.email_taken',
    'scim.uniqueness',
    'row.adoption_required',
  ],
  'theirs nobody': [
    ['domain_owned_elsewhere'],
    'user.domain_taken',
    'scim.domain_not_verified',
    'row.domain_owned_elsewhere',
  ],
  'theirs here': [
    ['domain_owned_elsewhere', 'held_here'],
    'user.domain_taken',
    'scim.domain_not_verified',
    'row.domain_owned_elsewhere',
  ],
  'theirs elsewhere': [
    ['domain_owned_elsewhere', 'held_elsewhere'],
    'user.domain_taken',
    'scim.domain_not_verified',
    'row.domain_owned_elsewhere',
  ],
  'none nobody': [
    ['domain_unverified'],
    null,
    'scim.domain_not_verified',
    'row.domain_not_verified',
  ],
  'none here': [
    ['domain_unverified', 'held_here'],
    'user.email_taken',
    'scim.domain_not_verified',
    'row.domain_not_verified',
  ],
  'none elsewhere': [
    ['domain_unverified', 'held_elsewhere'],
    'user.email_taken',
    'scim.domain_not_verified',
    'row.domain_not_verified',
  ],
}

describe('users: the admission rule', () => {
  for (const domain of DOMAINS) {
    for (const holder of HOLDERS) {
      const [refusals, invite, scim, imported] = TABLE[`${domain} ${holder}`] ?? [
        [],
        null,
        null,
        null,
      ]
      it(`domain ${domain}, held by ${holder}: ${refusals.join(', ') || 'admitted'}`, () => {
        assert.deepEqual(admissionRefusals(domain, holder), refusals)
        assert.equal(refusalAt(INVITE_ADMISSION, domain, holder), invite, 'invite')
        assert.equal(refusalAt(SCIM_ADMISSION, domain, holder), scim, 'SCIM')
        assert.equal(refusalAt(IMPORT_ADMISSION, domain, holder), imported, 'import')
      })
    }
  }

  it('every door answers every refusal (its table is total)', () => {
    for (const table of [INVITE_ADMISSION, SCIM_ADMISSION, IMPORT_ADMISSION]) {
      assert.deepEqual(Object.keys(table).sort(), [...ADMISSION_REFUSALS].sort())
    }
  })
})
