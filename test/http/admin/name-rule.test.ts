/**
 * One name rule at every door a user's name comes through (issue 21 items 7 and 14): the Admin API
 * (create and change), SCIM (POST, PUT, PATCH) and the CSV import refuse names holding control
 * characters, line or paragraph separators or bidirectional controls, with their stable codes, and write
 * nothing. (The fourth door, the SAML attribute mapping, is in `saml/attribute-mapping.test.ts`.)
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { PATCH_SCHEMA, setupSCIM, USER_SCHEMA, type SCIMFixture } from '../scim/scim.setup.ts'
import { errorCode } from './admin.setup.ts'

/** Each breaks the rule; the label says which part of it. */
const BAD_NAMES: readonly (readonly [string, string])[] = [
  ['CR LF (header injection)', 'Hana\r\nBcc: x@y.test'],
  ['NUL', 'Hana\u0000'],
  ['NEL (C1)', 'Hana\u0085Kim'],
  ['line separator', 'Hana\u2028Kim'],
  ['paragraph separator', 'Hana\u2029Kim'],
  ['right-to-left override', 'Hana \u202Etxt.exe'],
  ['left-to-right embedding', '\u202AHana'],
  ['first-strong isolate', 'Hana \u2068Kim\u2069'],
  ['right-to-left isolate', '\u2067Hana'],
]
/** Scripts written right to left and combining marks are names like any other. */
const GOOD_NAME = 'هانا Kim Ñoño'

for (const engine of DIALECTS) {
  describe(`${engine}: one name rule at every door`, () => {
    let s: SCIMFixture
    const users = () => `/api/v1/orgs/${s.a.orgId}/users`
    const findByEmail = async (email: string) => {
      const listed = await s.f.api(s.a.token, 'GET', `${users()}?q=${encodeURIComponent(email)}`)
      return (listed.json['users'] as { id: string; email: string; givenName: string | null }[])[0]
    }

    before(async () => {
      s = await setupSCIM(engine)
    })
    after(() => s?.close())

    it('Admin API: refuses each bad name on create (400 user.invalid_name) and creates nobody', async () => {
      for (const [label, name] of BAD_NAMES) {
        for (const field of ['givenName', 'familyName', 'displayName']) {
          const email = `bad-${field}@${s.a.domain}`
          const made = await s.f.api(s.a.token, 'POST', users(), { email, [field]: name })
          assert.equal(made.status, 400, `${label} in ${field}`)
          assert.equal(errorCode(made.json), 'user.invalid_name', label)
          assert.equal((made.json['error'] as { details: { field: string } }).details.field, field)
          assert.equal(await findByEmail(email), undefined, `${label}: nobody created`)
        }
      }
      const good = await s.f.api(s.a.token, 'POST', users(), {
        email: `good@${s.a.domain}`,
        givenName: `  ${GOOD_NAME} `,
      })
      assert.equal(good.status, 201, JSON.stringify(good.json))
      assert.equal((good.json['user'] as { givenName: string }).givenName, GOOD_NAME)
    })

    it('Admin API: refuses each bad name on change and leaves the name as it was', async () => {
      const id = (await findByEmail(`good@${s.a.domain}`))?.id ?? ''
      for (const [label, name] of BAD_NAMES) {
        const changed = await s.f.api(s.a.token, 'PATCH', `${users()}/${id}`, { givenName: name })
        assert.equal(changed.status, 400, label)
        assert.equal(errorCode(changed.json), 'user.invalid_name', label)
      }
      const after = await s.f.api(s.a.token, 'GET', `${users()}/${id}`)
      assert.equal(after.json['givenName'], GOOD_NAME)
      const cleared = await s.f.api(s.a.token, 'PATCH', `${users()}/${id}`, { displayName: null })
      assert.equal(cleared.status, 200, 'null still clears a name')
    })

    it('SCIM: refuses each bad name in POST, PUT and PATCH (400 invalidValue) and writes nothing', async () => {
      const id = await s.createUser(s.a, 'scim.names', { name: { givenName: 'Mina' } })
      for (const [label, name] of BAD_NAMES) {
        const email = `scim.bad@${s.a.domain}`
        const posted = await s.scim(s.a, 'POST', '/Users', {
          schemas: [USER_SCHEMA],
          userName: email,
          name: { givenName: name },
        })
        assert.equal(posted.status, 400, `POST ${label}`)
        assert.equal(posted.json['scimType'], 'invalidValue', label)
        assert.equal(await findByEmail(email), undefined)
        const put = await s.scim(s.a, 'PUT', `/Users/${id}`, {
          schemas: [USER_SCHEMA],
          userName: `scim.names@${s.a.domain}`,
          displayName: name,
        })
        assert.equal(put.status, 400, `PUT ${label}`)
        const patched = await s.scim(s.a, 'PATCH', `/Users/${id}`, {
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'name.familyName', value: name }],
        })
        assert.equal(patched.status, 400, `PATCH ${label}`)
        assert.equal(patched.json['scimType'], 'invalidValue', label)
      }
      const read = await s.scim(s.a, 'GET', `/Users/${id}`)
      assert.deepEqual(read.json['name'], { givenName: 'Mina' })
      assert.equal(read.json['displayName'], undefined)
      const good = await s.scim(s.a, 'PATCH', `/Users/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', path: 'displayName', value: GOOD_NAME }],
      })
      assert.equal(good.status, 200, good.text)
      assert.equal(good.json['displayName'], GOOD_NAME)
    })

    it('import: rejects each row with a bad name (row.invalid_name) and writes nothing', async () => {
      const quote = (value: string) => `"${value.replaceAll('"', '""')}"`
      // A NUL byte makes the whole upload not text (import.not_text): every other bad name is a row.
      const bad = BAD_NAMES.filter(([, name]) => !name.includes('\u0000'))
      const rows = bad.map(([, name], i) => `row${i}@${s.a.domain},${quote(name)},Kim,member`)
      const csv = [
        'email,given name,family name,role',
        ...rows,
        `fine@${s.a.domain},${GOOD_NAME},Kim,`,
      ].join('\r\n')
      const send = (query: string) =>
        fetch(`${s.f.url}${users()}/import${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.a.token}`, 'content-type': 'text/csv' },
          body: csv,
        })
      const dry = await send('?dryRun=true')
      assert.equal(dry.status, 200)
      const planned = ((await dry.json()) as { rows: { outcome: string; code?: string }[] }).rows
      assert.equal(planned.length, bad.length + 1)
      for (const [i, [label]] of bad.entries()) {
        assert.equal(planned[i]?.outcome, 'reject', label)
        assert.equal(planned[i]?.code, 'row.invalid_name', label)
      }
      assert.equal(planned[bad.length]?.outcome, 'create')
      for (const [i] of bad.entries()) {
        assert.equal(
          await findByEmail(`row${i}@${s.a.domain}`),
          undefined,
          'a dry run writes nothing',
        )
      }
    })
  })
}
