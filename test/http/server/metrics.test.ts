/**
 * Prometheus metrics (issue 12): `/metrics` exists only with METRICS_TOKEN and answers only to it; sign-ins
 * are counted by method, outcome and reason; argon2, HTTP, database, SCIM and job metrics move.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer } from '../../helpers/config.ts'
import {
  PASSWORD,
  discover,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from '../login/login.setup.ts'

const TOKEN = 'metrics-token-0123456789abcdef0123456789'

/** The sum of the sample lines `name{…labels…} value` that carry `labels`, or undefined if none. */
function sample(text: string, name: string, labels: string): number | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name}{`) && l.includes(labels))
  return lines.length === 0
    ? undefined
    : lines.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0)
}

describe('sqlite: /metrics', () => {
  let f: LoginFixture
  before(async () => {
    f = await setupLogin('sqlite', undefined, { METRICS_TOKEN: TOKEN, JOB_POLL_SECONDS: '0' })
  })
  after(() => f.close())
  const scrape = async (token = TOKEN) => {
    const response = await fetch(`${f.url}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    })
    return {
      status: response.status,
      text: await response.text(),
      type: response.headers.get('content-type'),
    }
  }

  it('answers only to its token', async () => {
    assert.equal((await fetch(`${f.url}/metrics`)).status, 401)
    assert.equal((await scrape('wrong-token-0123456789abcdef0123456789')).status, 401)
    const ok = await scrape()
    assert.equal(ok.status, 200)
    assert.match(ok.type ?? '', /^text\/plain/)
    assert.match(ok.text, /portcullis_nodejs_eventloop_lag_seconds/)
  })

  it('is not there without METRICS_TOKEN', async () => {
    const plain = await startTestServer(f.target.url, { JOB_POLL_SECONDS: '0' })
    try {
      assert.equal((await fetch(`${plain.url}/metrics`)).status, 404)
    } finally {
      await plain.shutdown()
    }
  })

  it('counts sign-ins by method, outcome and reason, and times argon2, HTTP and the database', async () => {
    const before = await scrape()
    const okBefore =
      sample(before.text, 'portcullis_logins_total', 'method="pwd",outcome="success"') ?? 0
    const badBefore =
      sample(before.text, 'portcullis_logins_total', 'reason="login.invalid_credentials"') ?? 0
    const user = await f.addUser({ password: PASSWORD })
    const config = await discover(f)
    assert.equal((await signIn(await startLogin(config), user.email, PASSWORD)).status, 303)
    await signIn(await startLogin(config), user.email, 'not the password at all')
    const after = await scrape()
    assert.equal(
      sample(after.text, 'portcullis_logins_total', 'method="pwd",outcome="success"'),
      okBefore + 1,
    )
    assert.equal(
      sample(after.text, 'portcullis_logins_total', 'reason="login.invalid_credentials"'),
      badBefore + 1,
    )
    assert.ok(
      (sample(
        after.text,
        'portcullis_password_hash_duration_seconds_count',
        'operation="verify"',
      ) ?? 0) >= 2,
    )
    assert.ok(
      (sample(
        after.text,
        'portcullis_http_request_duration_seconds_count',
        'route="/login/password"',
      ) ?? 0) >= 2,
    )
    assert.ok(
      (sample(after.text, 'portcullis_db_query_duration_seconds_count', 'outcome="query"') ?? 0) >
        10,
    )
    assert.match(after.text, /portcullis_password_queue_length \d+/)
  })

  it('counts SCIM requests and times ACS answers', async () => {
    await fetch(`${f.url}/scim/v2/${f.orgId}/Users`)
    await fetch(`${f.url}/saml/00000000-0000-0000-0000-000000000000/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D',
    })
    const text = (await scrape()).text
    assert.ok((sample(text, 'portcullis_scim_requests_total', 'status="401"') ?? 0) >= 1)
    assert.ok(
      (sample(text, 'portcullis_acs_duration_seconds_count', 'outcome="refused"') ?? 0) >= 1,
    )
  })

  it('counts job runs', async () => {
    await f.server.app.jobs.tick()
    const text = (await scrape()).text
    assert.ok(
      (sample(text, 'portcullis_job_runs_total', 'job="mail-outbox",outcome="finished"') ?? 0) >= 1,
    )
  })
})
