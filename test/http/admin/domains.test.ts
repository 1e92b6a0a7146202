/**
 * Domain verification against a real DNS server on loopback, and the daily re-check with an injected
 * clock, on both databases.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { freePort } from '../../helpers/processes.ts'
import { countRows } from '../../helpers/storage.ts'
import { errorCode, setupAdmin, type AdminFixture } from './admin.setup.ts'

const DAY = 24 * 3600_000

for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API domains`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    const clock = new ManualClock(Date.now())
    before(async () => {
      const server = await dns.start()
      f = await setupAdmin(dialect, { config: { DNS_SERVERS: server }, clock })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })
    const domains = (org: { orgId: string }) => `/api/v1/orgs/${org.orgId}/domains`
    const add = async (name: string, token = f.a.token, org = f.a) => {
      const result = await f.api(token, 'POST', domains(org), { name })
      assert.equal(result.status, 201, JSON.stringify(result.json))
      return result.json as {
        id: string
        verification: { name: string; value: string }
        status: string
      }
    }
    const audit = async (domainId: string) =>
      (
        await f.server.app.database.db
          .selectFrom('audit_events')
          .select('type')
          .where('target_id', '=', domainId)
          .orderBy('occurred_at')
          .execute()
      ).map((r) => r.type)

    it('adds a domain and says which TXT record to publish', async () => {
      const domain = await add('Acme-Widgets.test')
      assert.equal(domain.status, 'unverified')
      assert.equal(domain.verification.name, '_portcullis.acme-widgets.test')
      assert.match(domain.verification.value, /^portcullis-domain-verification=[\w-]{32}$/)
      const listed = await f.api(f.a.token, 'GET', domains(f.a))
      assert.ok((listed.json['domains'] as { id: string }[]).some((d) => d.id === domain.id))
    })

    for (const [what, name, status, code] of [
      ['a public mail domain', 'Gmail.com', 400, 'domain.public_mail'],
      ['a malformed name', 'not a domain', 400, 'domain.invalid'],
      ['a single label', 'localhost', 400, 'domain.invalid'],
      ['a public suffix (ICANN)', 'co.uk', 400, 'domain.public_suffix'],
      ['a public suffix (private registry)', 'GitHub.io', 400, 'domain.public_suffix'],
      ['a domain the organization already added', 'acme-widgets.test', 409, 'domain.exists'],
    ] as const) {
      it(`refuses ${what} and writes nothing`, async () => {
        const before = await countRows(f.server.app.database)
        const result = await f.api(f.a.token, 'POST', domains(f.a), { name })
        assert.equal(result.status, status)
        assert.equal(errorCode(result.json), code)
        assert.deepEqual(await countRows(f.server.app.database), before)
      })
    }

    it('verifies only when the exact record is published', async () => {
      const domain = await add('verify-me.test')
      const verify = () => f.api(f.a.token, 'POST', `${domains(f.a)}/${domain.id}/verify`)
      const missing = await verify()
      assert.equal(missing.status, 409)
      assert.equal(errorCode(missing.json), 'domain.verification_failed')
      dns.setTXT(domain.verification.name, ['portcullis-domain-verification=wrong', 'v=spf1 -all'])
      const wrong = await verify()
      assert.equal(errorCode(wrong.json), 'domain.verification_failed')
      assert.deepEqual(
        (wrong.json['error'] as { details: { found: string[] } }).details.found.sort(),
        ['portcullis-domain-verification=wrong', 'v=spf1 -all'],
      )
      assert.equal(
        (await f.api(f.a.token, 'GET', `${domains(f.a)}/${domain.id}`)).json['status'],
        'unverified',
      )
      dns.setTXT(domain.verification.name, ['v=spf1 -all', domain.verification.value])
      const ok = await verify()
      assert.equal(ok.status, 200, JSON.stringify(ok.json))
      assert.equal(ok.json['status'], 'verified')
      assert.deepEqual(await audit(domain.id), [
        'domain.added',
        'domain.verification_failed',
        'domain.verification_failed',
        'domain.verified',
      ])
    })

    it('refuses a domain another organization has verified, at add and at verify', async () => {
      const contested = await add('contested.test', f.b.token, f.b)
      const mine = await add('contested.test')
      dns.setTXT(mine.verification.name, [mine.verification.value, contested.verification.value])
      assert.equal(
        (await f.api(f.a.token, 'POST', `${domains(f.a)}/${mine.id}/verify`)).status,
        200,
      )
      const late = await f.api(f.b.token, 'POST', `${domains(f.b)}/${contested.id}/verify`)
      assert.equal(late.status, 409)
      assert.equal(errorCode(late.json), 'domain.taken')
      const again = await f.api(f.b.token, 'POST', domains(f.b), { name: 'sub.contested.test' })
      assert.equal(again.status, 201)
      const taken = await f.api(f.b.token, 'POST', domains(f.b), { name: 'CONTESTED.test' })
      assert.equal(errorCode(taken.json), 'domain.taken')
    })

    it("answers 404 for org A's domain through org B's path", async () => {
      const domain = await add('private.test')
      assert.equal((await f.api(f.b.token, 'GET', `${domains(f.b)}/${domain.id}`)).status, 404)
      assert.equal((await f.api(f.b.token, 'DELETE', `${domains(f.b)}/${domain.id}`)).status, 404)
      assert.equal((await f.api(f.a.token, 'GET', `${domains(f.a)}/${domain.id}`)).status, 200)
    })

    it('lists domains a page at a time, filtered by status', async () => {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: { status: number; json: Record<string, unknown> } = await f.api(
          f.a.token,
          'GET',
          `${domains(f.a)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
        assert.equal(page.status, 200)
        seen.push(...(page.json['domains'] as { name: string }[]).map((d) => d.name))
        cursor = page.json['nextCursor'] as string | null
      } while (cursor !== null)
      assert.equal(new Set(seen).size, seen.length)
      assert.ok(seen.length >= 4)
      const verified = await f.api(f.a.token, 'GET', `${domains(f.a)}?status=verified`)
      assert.ok(
        (verified.json['domains'] as { status: string }[]).every((d) => d.status === 'verified'),
      )
    })

    it('removes a domain', async () => {
      const domain = await add('remove-me.test')
      assert.equal((await f.api(f.a.token, 'DELETE', `${domains(f.a)}/${domain.id}`)).status, 204)
      assert.equal((await f.api(f.a.token, 'GET', `${domains(f.a)}/${domain.id}`)).status, 404)
      assert.deepEqual((await audit(domain.id)).slice(-1), ['domain.removed'])
    })

    it('re-checks daily: record gone → verified-uncertain → unverified after 30 days', async () => {
      const domain = await add('fading.test')
      dns.setTXT(domain.verification.name, [domain.verification.value])
      await f.api(f.a.token, 'POST', `${domains(f.a)}/${domain.id}/verify`)
      await f.server.app.database.db
        .updateTable('domains')
        .set({ enforced_at: clock.now() })
        .where('id', '=', domain.id)
        .execute()
      const status = async () =>
        (await f.api(f.a.token, 'GET', `${domains(f.a)}/${domain.id}`)).json as {
          status: string
          enforced: boolean
        }
      const day = async () => {
        clock.advance(DAY + 1)
        await f.server.app.services.domains.recheckDue()
      }
      await day()
      assert.equal((await status()).status, 'verified')
      dns.delete(domain.verification.name)
      await day()
      assert.equal((await status()).status, 'verified-uncertain')
      assert.equal((await status()).enforced, true)
      for (let i = 0; i < 28; i++) await day()
      assert.equal((await status()).status, 'verified-uncertain')
      await day()
      await day()
      assert.deepEqual(await status(), {
        ...(await status()),
        status: 'unverified',
        enforced: false,
      })
      assert.deepEqual(
        (await audit(domain.id)).filter((t) => t !== 'domain.added'),
        ['domain.verified', 'domain.verification_uncertain', 'domain.unverified'],
      )
    })

    it('re-verifies a domain whose record comes back within the grace period', async () => {
      const domain = await add('flaky.test')
      dns.setTXT(domain.verification.name, [domain.verification.value])
      await f.api(f.a.token, 'POST', `${domains(f.a)}/${domain.id}/verify`)
      dns.setTXT(domain.verification.name, [])
      clock.advance(DAY + 1)
      await f.server.app.services.domains.recheckDue()
      dns.setTXT(domain.verification.name, [domain.verification.value])
      clock.advance(DAY + 1)
      await f.server.app.services.domains.recheckDue()
      const now = await f.api(f.a.token, 'GET', `${domains(f.a)}/${domain.id}`)
      assert.equal(now.json['status'], 'verified')
      assert.equal(now.json['uncertainSince'], null)
      assert.deepEqual((await audit(domain.id)).slice(-2), [
        'domain.verification_uncertain',
        'domain.reverified',
      ])
    })

    it('runs the daily job on one instance only, once per day', async () => {
      assert.ok((await f.server.app.jobs.tick()).includes('domain-recheck'))
      assert.ok(!(await f.server.app.jobs.tick()).includes('domain-recheck'))
      clock.advance(DAY + 1)
      assert.ok((await f.server.app.jobs.tick()).includes('domain-recheck'))
    })
  })
}

describe('sqlite: domain verification when DNS does not answer', () => {
  let f: AdminFixture
  before(async () => {
    const silent = await freePort()
    f = await setupAdmin('sqlite', {
      config: { DNS_SERVERS: `127.0.0.1:${silent}`, DNS_TIMEOUT_SECONDS: '1' },
    })
  })
  after(() => f.close())

  it('answers 503 domain.dns_unavailable and leaves the domain as it was', async () => {
    const added = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/domains`, {
      name: 'offline.test',
    })
    const id = (added.json as { id: string }).id
    const result = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/domains/${id}/verify`)
    assert.equal(result.status, 503)
    assert.equal(errorCode(result.json), 'domain.dns_unavailable')
    const after = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/domains/${id}`)
    assert.equal(after.json['status'], 'unverified')
  })
})
