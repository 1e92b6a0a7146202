/**
 * Bulk user import through a real server (issue 10): the CSV forms people send, the dry run line by line
 * with every reject code and nothing written, file-level refusals with nothing written, and applied runs
 * worked through by the job runner with per-row results.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { countRows } from '../../helpers/storage.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import {
  addUsableProfile,
  errorCode,
  setupAdmin,
  verifyDomain,
  type AdminFixture,
} from './admin.setup.ts'

interface Planned {
  row: number
  line: number
  email: string
  outcome: string
  code?: string
  userId?: string
  changes?: Record<string, string>
}

interface RunBody {
  id: string
  status: string
  totalRows: number
  doneRows: number
  counts: { create: number; update: number; unchanged: number; reject: number }
  createdBy: { type: string; id: string | null }
}

for (const engine of DIALECTS) {
  describe(`${engine}: bulk user import`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    const base = () => `/api/v1/orgs/${f.a.orgId}/users/import`
    const upload = async (
      csv: string | Uint8Array<ArrayBuffer>,
      query = '?dryRun=true',
      contentType = 'text/csv',
    ) => {
      const response = await fetch(`${f.url}${base()}${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.a.token}`, 'content-type': contentType },
        body: csv,
      })
      const text = await response.text()
      return {
        status: response.status,
        headers: response.headers,
        json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
      }
    }
    const planned = (json: Record<string, unknown>) => json['rows'] as Planned[]

    before(async () => {
      f = await setupAdmin(engine, { config: { DNS_SERVERS: await dns.start() } })
      await verifyDomain(f, dns, f.a, 'import-a.test')
      await verifyDomain(f, dns, f.b, 'import-b.test')
      // An account in A's domain that belongs to B (created before A verified it would look the same).
      await f.api(f.b.token, 'POST', `/api/v1/orgs/${f.b.orgId}/users`, {
        email: 'stray@import-b.test',
      })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    it('streams a long dry run batch by batch; a file error found after the first batch ends it with error, not counts', async () => {
      const lines = (n: number) =>
        Array.from({ length: n }, (_, i) => `stream${i}@import-a.test,Given,Family ${i},`)
      const whole = await upload(['email,given name,family name,role', ...lines(1234)].join('\n'))
      assert.equal(whole.status, 200)
      assert.deepEqual(
        planned(whole.json).map((r) => r.row),
        Array.from({ length: 1234 }, (_, i) => i + 1),
      )
      assert.deepEqual(whole.json['counts'], { create: 1234, update: 0, unchanged: 0, reject: 0 })
      assert.equal(whole.json['error'], undefined)
      // An unterminated quote on row 700: the first 500 rows were answered with 200 already.
      const broken = [
        'email,given name,family name,role',
        ...lines(699),
        'late@import-a.test,"Open,B,',
      ]
      const late = await upload([...broken, ...lines(50)].join('\n'))
      assert.equal(late.status, 200)
      assert.equal(planned(late.json).length, 500)
      assert.equal(late.json['counts'], undefined)
      assert.equal((late.json['error'] as { code: string }).code, 'import.invalid_csv')
      // The same error in the first batch is an ordinary refusal.
      const early = await upload(
        ['email,given name,family name,role', ...lines(3), 'late@import-a.test,"Open,B,'].join(
          '\n',
        ),
      )
      assert.equal(early.status, 400)
      assert.equal((early.json['error'] as { code: string }).code, 'import.invalid_csv')
    })

    it('answers a dry run line by line with every outcome and reject code, writing nothing', async () => {
      const admin = await f.addUser(f.a, 'existing@import-a.test', 'admin')
      await f.api(f.a.token, 'PATCH', `/api/v1/orgs/${f.a.orgId}/users/${admin}`, {
        givenName: 'Ex',
        familyName: 'Isting',
      })
      const csv = [
        'Email,Given Name,Family Name,Role',
        'new.one@import-a.test,New,One,member',
        'existing@import-a.test,Ex,Isting,',
        'EXISTING@import-a.test,Ex,Changed,member',
        'existing@import-a.test,Again,,',
        'not an email,A,B,member',
        'x@unverified.test,A,B,',
        'y@import-b.test,A,B,',
        `${f.a.ownerEmail},Owner,Person,member`,
        'z@import-a.test,A,B,superuser',
        'w@import-a.test,A,B,owner',
        `v@import-a.test,${'n'.repeat(201)},B,`,
        'u@import-a.test,"Tab\there",B,',
        'only-two-fields@import-a.test,A',
      ].join('\n')
      const before = await countRows(f.server.app.database)
      const answer = await upload(csv)
      assert.equal(answer.status, 200, JSON.stringify(answer.json))
      assert.deepEqual(await countRows(f.server.app.database), before, 'a dry run writes nothing')
      const rows = planned(answer.json)
      const summary = rows.map((r) => [r.row, r.outcome, r.code ?? null])
      assert.deepEqual(summary, [
        [1, 'create', null],
        [2, 'unchanged', null],
        [3, 'reject', 'row.duplicate_in_file'],
        [4, 'reject', 'row.duplicate_in_file'],
        [5, 'reject', 'row.invalid_email'],
        [6, 'reject', 'row.domain_not_verified'],
        [7, 'reject', 'row.domain_owned_elsewhere'],
        [8, 'reject', 'row.owner_protected'],
        [9, 'reject', 'row.role_unknown'],
        [10, 'reject', 'row.role_not_allowed'],
        [11, 'reject', 'row.invalid_name'],
        [12, 'reject', 'row.invalid_name'],
        [13, 'reject', 'row.malformed'],
      ])
      assert.deepEqual(answer.json['counts'], { create: 1, update: 0, unchanged: 1, reject: 11 })
      assert.equal(rows[0]?.line, 2)
    })

    it('plans updates of names and role, and owner name changes', async () => {
      const answer = await upload(
        [
          'email;first name;last name;role',
          'existing@import-a.test;Exa;;member',
          `${f.a.ownerEmail};Olive;Owner;`,
        ].join('\r\n'),
      )
      const rows = planned(answer.json)
      assert.equal(rows[0]?.outcome, 'update')
      assert.deepEqual(rows[0]?.changes, { givenName: 'Exa', role: 'member' })
      assert.equal(rows[1]?.outcome, 'update')
      assert.deepEqual(rows[1]?.changes, { givenName: 'Olive', familyName: 'Owner' })
    })

    it('refuses an account of another organization in a verified domain: adoption, not import', async () => {
      await verifyDomain(f, dns, f.a, 'import-shared.test')
      // B's user was created in a domain nobody had verified then.
      await f.server.app.database.db
        .updateTable('users')
        .set({ email: 'old@import-shared.test', email_canonical: 'old@import-shared.test' })
        .where('email_canonical', '=', 'stray@import-b.test')
        .execute()
      const rows = planned((await upload('email\nold@import-shared.test\n')).json)
      assert.deepEqual(
        rows.map((r) => r.code),
        ['row.adoption_required'],
      )
    })

    it('reads BOM, semicolons, CRLF, quoted delimiters and newlines, header synonyms, multipart', async () => {
      // A quoted newline is a field's text (and a name may not hold one); an empty line is skipped.
      const csv =
        '\uFEFFE-Mail;SURNAME;first_name\r\n"q1@import-a.test";"Lee; Jr.";"Ann\nMarie"\r\n\r\nq2@import-a.test;=HYPERLINK("x");Bo\r\nq3@import-a.test;"Lee; Jr.";Al\r\n'
      const answer = await upload(csv)
      assert.equal(answer.status, 200, JSON.stringify(answer.json))
      const rows = planned(answer.json)
      assert.deepEqual(
        rows.map((r) => [r.email, r.outcome, r.line]),
        [
          ['q1@import-a.test', 'reject', 3],
          ['q2@import-a.test', 'create', 5],
          ['q3@import-a.test', 'create', 6],
        ],
      )
      const form = new FormData()
      form.append('file', new Blob([csv], { type: 'application/vnd.ms-excel' }), 'people.csv')
      const response = await fetch(`${f.url}${base()}?dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.a.token}` },
        body: form,
      })
      assert.equal(response.status, 200)
      const body = (await response.json()) as Record<string, unknown>
      assert.equal(planned(body).length, 3)
    })

    it('refuses broken files with a clear code, writing nothing', async () => {
      const before = await countRows(f.server.app.database)
      const cases: [string | Uint8Array<ArrayBuffer>, string][] = [
        ['email,phone\na@import-a.test,1\n', 'import.unknown_column'],
        ['given name,role\nA,member\n', 'import.missing_email_column'],
        ['email,mail\na@import-a.test,b@import-a.test\n', 'import.duplicate_column'],
        ['', 'import.empty'],
        [
          new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
          'import.not_text',
        ],
        ['email\n"unterminated@import-a.test\n', 'import.invalid_csv'],
        ['email\nok@import-a.test\n\u0000\n', 'import.not_text'],
      ]
      for (const [csv, code] of cases) {
        for (const query of ['?dryRun=true', '']) {
          const answer = await upload(csv, query)
          assert.equal(errorCode(answer.json), code, `${code} ${query}`)
          assert.equal(answer.status, 400)
        }
      }
      const json = await upload('{"email":"a@import-a.test"}', '?dryRun=true', 'application/json')
      assert.equal(json.status, 415)
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('refuses a 50 MB file with 413 and a file of more than 100,000 rows, writing nothing', async () => {
      const before = await countRows(f.server.app.database)
      const big = new Uint8Array(50 * 1024 * 1024).fill(0x61)
      const tooLarge = await upload(big, '')
      assert.equal(tooLarge.status, 413, JSON.stringify(tooLarge.json))
      const rows = ['email', ...Array.from({ length: 100_001 }, (_, i) => `r${i}@import-a.test`)]
      const tooMany = await upload(rows.join('\n'), '')
      assert.equal(errorCode(tooMany.json), 'import.too_many_rows')
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('rejects a row of 10,000 columns alone and keeps a formula as text', async () => {
      const csv = `email,given name\nwide@import-a.test${',x'.repeat(10_000)}\nformula@import-a.test,"=HYPERLINK(""http://evil"")"\n`
      const rows = planned((await upload(csv)).json)
      assert.deepEqual(
        rows.map((r) => [r.outcome, r.code ?? null]),
        [
          ['reject', 'row.malformed'],
          ['create', null],
        ],
      )
    })

    it('applies a run: 202, pending until the job runs, then every row done once with results', async () => {
      const csv = [
        'email,given name,family name,role',
        'run1@import-a.test,Run,One,admin',
        'run2@import-a.test,Run,Two,',
        'existing@import-a.test,Exa,,',
        'bad@nowhere.test,,,',
        'run1@import-a.test,Dup,,',
      ].join('\n')
      const started = await upload(csv, '?sendInvitations=false')
      assert.equal(started.status, 202, JSON.stringify(started.json))
      const run = started.json['run'] as RunBody
      assert.equal(started.headers.get('location'), `${base()}/${run.id}`)
      assert.equal(run.status, 'pending')
      assert.equal(run.totalRows, 5)
      const users = `/api/v1/orgs/${f.a.orgId}/users`
      const found = async (q: string) =>
        ((await f.api(f.a.token, 'GET', `${users}?q=${q}`)).json['users'] as unknown[]).length
      assert.equal(await found('run1'), 0, 'nothing applied before the job runs')
      await f.server.app.services.imports.processRuns()
      const done = (await f.api(f.a.token, 'GET', `${base()}/${run.id}`)).json as unknown as RunBody
      assert.equal(done.status, 'finished')
      assert.equal(done.doneRows, 5)
      assert.deepEqual(done.counts, { create: 2, update: 1, unchanged: 0, reject: 2 })
      assert.deepEqual(done.createdBy, { type: 'admin_token', id: done.createdBy.id })
      assert.equal(await found('run1'), 1)
      const results = await f.api(f.a.token, 'GET', `${base()}/${run.id}/results?limit=2`)
      const page = results.json['rows'] as { row: number; outcome: string; userId: string }[]
      assert.deepEqual(
        page.map((r) => [r.row, r.outcome]),
        [
          [1, 'create'],
          [2, 'create'],
        ],
      )
      assert.equal(results.json['nextFrom'], 3)
      const rejected = await f.api(f.a.token, 'GET', `${base()}/${run.id}/results?outcome=reject`)
      assert.deepEqual(
        (rejected.json['rows'] as { code: string }[]).map((r) => r.code),
        ['row.domain_not_verified', 'row.duplicate_in_file'],
      )
      const user = await f.api(f.a.token, 'GET', `${users}/${page[0]?.userId}`)
      assert.equal(user.json['role'], 'admin')
      assert.equal(user.json['status'], 'invited')
      const audit = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/audit-events?type=user.imported`,
      )
      assert.equal((audit.json['events'] as unknown[]).length, 2)
      const listed = await f.api(f.a.token, 'GET', base())
      assert.ok((listed.json['runs'] as RunBody[]).some((r) => r.id === run.id))
      // Running the job again changes nothing.
      const again = await f.server.app.services.imports.processRuns()
      assert.deepEqual(again, { runs: 0, rows: 0 })
    })

    it('gives the links of a run’s still-invited users as CSV, each download replacing the last, never by mail here', async () => {
      const started = await upload(
        'email,given name\nlinked1@import-a.test,=cmd|calc\nlinked2@import-a.test,\n',
        '?sendInvitations=false',
      )
      assert.equal(started.status, 202)
      const runId = String((started.json['run'] as { id: string }).id)
      await f.server.app.services.imports.processRuns()
      const invitations = `${base()}/${runId}/invitations`
      const links = async () => {
        const response = await fetch(`${f.url}${invitations}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${f.a.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ deliver: 'links' }),
        })
        assert.equal(response.status, 200)
        assert.match(response.headers.get('content-type') ?? '', /^text\/csv/)
        assert.equal(response.headers.get('cache-control'), 'no-store')
        const lines = (await response.text()).trim().split('\r\n')
        assert.equal(lines[0], 'email,invitation link,expires at')
        return lines.slice(1).map((line) => line.split(','))
      }
      const first = await links()
      assert.deepEqual(first.map((r) => r[0]).sort(), [
        'linked1@import-a.test',
        'linked2@import-a.test',
      ])
      const token = (row: string[] | undefined) =>
        /\/invite\/(inv_[\w-]+)/.exec(row?.[1] ?? '')?.[1]
      const { invitations: service } = f.server.app.services
      assert.equal((await service.inviteeFor(token(first[0]))).email, first[0]?.[0])
      // A second download makes new links; the first ones stop working.
      const second = await links()
      await assert.rejects(service.inviteeFor(token(first[0])))
      assert.equal((await service.inviteeFor(token(second[0]))).email, second[0]?.[0])
      // A user who accepted meanwhile is left out.
      const password = 'a long enough password'
      await service.accept(
        token(second.find((r) => r[0] === 'linked1@import-a.test')),
        password,
        password,
        { ip: '127.0.0.1', userAgent: 'test' },
      )
      assert.deepEqual(
        (await links()).map((r) => r[0]),
        ['linked2@import-a.test'],
      )
      // No mail here: asking for mails is refused, and nothing is queued.
      const mailed = await f.api(f.a.token, 'POST', invitations, { deliver: 'mail' })
      assert.equal(mailed.status, 409)
      assert.equal(errorCode(mailed.json), 'user.mail_unavailable')
      // Another organization's token sees no such run; a bad body is refused.
      const other = await f.api(
        f.b.token,
        'POST',
        `/api/v1/orgs/${f.b.orgId}/users/import/${runId}/invitations`,
        {
          deliver: 'links',
        },
      )
      assert.equal(other.status, 404)
      const bad = await f.api(f.a.token, 'POST', invitations, { deliver: 'fax' })
      assert.equal(bad.status, 400)
    })

    it("hides another organization's runs", async () => {
      const started = await upload('email\nhidden@import-a.test\n', '?sendInvitations=false')
      const id = (started.json['run'] as RunBody).id
      const theirs = await f.api(f.b.token, 'GET', `/api/v1/orgs/${f.b.orgId}/users/import/${id}`)
      assert.equal(errorCode(theirs.json), 'import.run_not_found')
      const crossed = await f.api(f.b.token, 'GET', `${base()}/${id}`)
      assert.equal(crossed.status, 404)
    })
  })
}

for (const engine of DIALECTS) {
  describe(`${engine}: invitations of imported users go through the outbox`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    const smtp = new TestSMTPServer()
    before(async () => {
      f = await setupAdmin(engine, {
        config: {
          DNS_SERVERS: await dns.start(),
          SMTP_URL: await smtp.start(),
          MAIL_FROM: 'login@example.test',
        },
      })
      await verifyDomain(f, dns, f.a, 'mail-a.test')
    })
    after(async () => {
      await f.close()
      await smtp.stop()
      await dns.stop()
    })

    const apply = async (csv: string, query = '') => {
      const response = await fetch(`${f.url}/api/v1/orgs/${f.a.orgId}/users/import${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.a.token}`, 'content-type': 'text/csv' },
        body: csv,
      })
      assert.equal(response.status, 202)
      await f.server.app.services.imports.processRuns()
    }

    it('queues one invitation per created user, with no link at rest, and sends a working link', async () => {
      await apply('email\ninvitee1@mail-a.test\ninvitee2@mail-a.test\n')
      const { db } = f.server.app.database
      const queued = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('kind', '=', 'invitation')
        .execute()
      assert.equal(queued.length, 2)
      for (const message of queued) {
        assert.ok(!message.body.includes('/invite/'), 'no link stored')
        assert.equal(message.body, '')
      }
      await f.server.app.services.outbox.drain()
      const mail = smtp.received.find((m) => m.to.includes('invitee1@mail-a.test'))
      assert.ok(mail, 'the invitation arrived')
      const token = /\/invite\/(inv_[\w-]+)/.exec(mail.body.replace(/=\r?\n/g, ''))?.[1]
      assert.ok(token !== undefined)
      const invitee = await f.server.app.services.invitations.inviteeFor(token)
      assert.equal(invitee.email, 'invitee1@mail-a.test')
    })

    it('skips an invitation whose user was activated or deleted before it was sent', async () => {
      await apply('email\nlate@mail-a.test\n')
      const users = `/api/v1/orgs/${f.a.orgId}/users`
      const found = (await f.api(f.a.token, 'GET', `${users}?q=late@`)).json['users'] as {
        id: string
      }[]
      await f.api(f.a.token, 'DELETE', `${users}/${found[0]?.id}`)
      const before = smtp.received.length
      await f.server.app.services.outbox.drain()
      assert.equal(smtp.received.length, before)
      const row = await f.server.app.database.db
        .selectFrom('mail_outbox')
        .select(['sent_at', 'last_error'])
        .where('to_address', '=', 'late@mail-a.test')
        .executeTakeFirstOrThrow()
      assert.notEqual(row.sent_at, null)
      assert.match(row.last_error ?? '', /^skipped/)
    })

    it('emails the invitations of a run that sent none, on request, once per still-invited user', async () => {
      const response = await fetch(
        `${f.url}/api/v1/orgs/${f.a.orgId}/users/import?sendInvitations=false`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${f.a.token}`, 'content-type': 'text/csv' },
          body: 'email\nlater1@mail-a.test\nlater2@mail-a.test\n',
        },
      )
      const runId = ((await response.json()) as { run: { id: string } }).run.id
      await f.server.app.services.imports.processRuns()
      const queued = await f.api(
        f.a.token,
        'POST',
        `/api/v1/orgs/${f.a.orgId}/users/import/${runId}/invitations`,
        {
          deliver: 'mail',
        },
      )
      assert.equal(queued.status, 200)
      assert.deepEqual(queued.json, { queued: 2 })
      await f.server.app.services.outbox.drain()
      for (const to of ['later1@mail-a.test', 'later2@mail-a.test']) {
        assert.ok(
          smtp.received.some((m) => m.to.includes(to)),
          to,
        )
      }
    })

    it('queues nothing with sendInvitations=false', async () => {
      const count = async () =>
        (
          await f.server.app.database.db
            .selectFrom('mail_outbox')
            .select(['id'])
            .where('kind', '=', 'invitation')
            .execute()
        ).length
      const before = await count()
      await apply('email\nsso-only@mail-a.test\n', '?sendInvitations=false')
      assert.equal(await count(), before)
    })
  })
}

for (const engine of DIALECTS) {
  describe(`${engine}: an import cannot take away the last way in`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    before(async () => {
      f = await setupAdmin(engine, { config: { DNS_SERVERS: await dns.start() } })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    it('rejects the row that would demote the last admin with a password way in, and applies the rest', async () => {
      await verifyDomain(f, dns, f.a, 'orga.test')
      await addUsableProfile(f, f.a, { tested: true, domains: ['orga.test'] })
      await f.addUser(f.a, 'keeper@orga.test', 'admin')
      // The owner signs in only through SSO: the keeper is the organization's password way in.
      const sso = await f.api(
        f.a.token,
        'PUT',
        `/api/v1/orgs/${f.a.orgId}/users/${f.a.ownerId}/sso`,
        {
          mode: 'enabled',
          confirm: true,
        },
      )
      assert.equal(sso.status, 200, JSON.stringify(sso.json))
      const response = await fetch(`${f.url}/api/v1/orgs/${f.a.orgId}/users/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.a.token}`, 'content-type': 'text/csv' },
        body: 'email,role\nkeeper@orga.test,member\nfresh@orga.test,member\n',
      })
      const run = ((await response.json()) as { run: RunBody }).run
      await f.server.app.services.imports.processRuns()
      const results = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/users/import/${run.id}/results`,
      )
      assert.deepEqual(
        (results.json['rows'] as { outcome: string; code: string | null }[]).map((r) => [
          r.outcome,
          r.code,
        ]),
        [
          ['reject', 'row.lockout_risk'],
          ['create', null],
        ],
      )
      const keeper = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/users?q=keeper`)
      assert.equal((keeper.json['users'] as { role: string }[])[0]?.role, 'admin')
    })
  })
}
