/**
 * SCIM rules under concurrency, on both databases: N requests at once. One address is created once;
 * changes to one resource are never lost; If-Match lets exactly one of N writers through.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  GROUP_SCHEMA,
  PATCH_SCHEMA,
  setupSCIM,
  USER_SCHEMA,
  type SCIMFixture,
} from './scim.setup.ts'

const N = 8

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM under concurrency`, () => {
    let s: SCIMFixture
    before(async () => {
      s = await setupSCIM(dialect)
    })
    after(async () => s.close())
    const statuses = (results: { status: number }[]) =>
      results.map((r) => r.status).sort((a, b) => a - b)

    it(`creates one user when ${N} IdP requests POST the same userName at once`, async () => {
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          s.scim(s.a, 'POST', '/Users', {
            schemas: [USER_SCHEMA],
            userName: 'race@orga.test',
            externalId: `race-${i}`,
          }),
        ),
      )
      assert.deepEqual(statuses(results), [201, ...Array<number>(N - 1).fill(409)])
      const users = await s.f.server.app.database.db
        .selectFrom('users')
        .select('id')
        .where('email_canonical', '=', 'race@orga.test')
        .execute()
      assert.equal(users.length, 1)
    })

    it(`loses none of ${N} concurrent PATCHes to one user`, async () => {
      const id = await s.createUser(s.a, 'many.phones')
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          s.scim(s.a, 'PATCH', `/Users/${id}`, {
            schemas: [PATCH_SCHEMA],
            Operations: [{ op: 'add', path: 'phoneNumbers', value: [{ value: `+1 555 010${i}` }] }],
          }),
        ),
      )
      assert.deepEqual(statuses(results), Array<number>(N).fill(200))
      const user = await s.scim(s.a, 'GET', `/Users/${id}`)
      assert.equal((user.json['phoneNumbers'] as unknown[]).length, N)
    })

    it(`loses none of ${N} concurrent member additions to one group`, async () => {
      const members: string[] = []
      for (let i = 0; i < N; i++) members.push(await s.createUser(s.a, `member${i}`))
      const made = await s.scim(s.a, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Race',
      })
      const id = String(made.json['id'])
      const results = await Promise.all(
        members.map((value) =>
          s.scim(s.a, 'PATCH', `/Groups/${id}`, {
            schemas: [PATCH_SCHEMA],
            Operations: [{ op: 'add', path: 'members', value: [{ value }] }],
          }),
        ),
      )
      assert.deepEqual(statuses(results), Array<number>(N).fill(204))
      const group = await s.scim(s.a, 'GET', `/Groups/${id}`)
      assert.equal((group.json['members'] as unknown[]).length, N)
    })

    it(`lets exactly one of ${N} writers with the same If-Match through`, async () => {
      const id = await s.createUser(s.a, 'if.match')
      const version = (await s.scim(s.a, 'GET', `/Users/${id}`)).headers.get('etag') ?? ''
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          s.scim(
            s.a,
            'PATCH',
            `/Users/${id}`,
            {
              schemas: [PATCH_SCHEMA],
              Operations: [{ op: 'replace', path: 'title', value: `T${i}` }],
            },
            { headers: { 'if-match': version } },
          ),
        ),
      )
      assert.deepEqual(statuses(results), [200, ...Array<number>(N - 1).fill(412)])
      const winner = results.find((r) => r.status === 200)
      const now = await s.scim(s.a, 'GET', `/Users/${id}`)
      assert.equal(now.json['title'], winner?.json['title'])
    })
  })
}
