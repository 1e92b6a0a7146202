/**
 * Webhooks (issue 24) through the operator API on both engines, to a receiver in its own process that
 * verifies every delivery with the `standardwebhooks` library: signed deliveries of committed events,
 * secret rotation with two signatures, a 500 retried with backoff on an injected clock until the tries
 * are used up (endpoint failing, reported once), a never-answering and a 10 MB-answering receiver, a
 * redirect not followed, private addresses refused, redelivery and a test message, and two instances
 * draining the outbox at once never sending one delivery twice.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { createSecretBox } from '../../../src/platform/secret-box.ts'
import { WebhookService } from '../../../src/services/operator/webhook-service.ts'
import { createStore } from '../../../src/storage/store.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { startReceiver, type Receiver } from '../../helpers/receiver-process.ts'
import { errorOf, setupOperator, type OperatorFixture } from '../operator/operator.setup.ts'

interface Endpoint {
  id: string
  failingSince: string | null
}
interface Attempt {
  messageId: string
  status: number | null
  error: string | null
  latencyMs: number
}

const CLI = { type: 'operator', id: 'cli' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhooks`, () => {
    let f: OperatorFixture
    let receiver: Receiver
    let clientId: string
    const clock = new ManualClock(Date.now())
    before(async () => {
      receiver = await startReceiver()
      f = await setupOperator(dialect, {
        clock,
        config: {
          // Driven by hand here: the job runner would race the test's own calls.
          JOB_POLL_SECONDS: '0',
          WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
          WEBHOOK_TIMEOUT_SECONDS: '1',
        },
      })
      const client = await f.op('POST', '/clients', {
        name: 'Console',
        type: 'public',
        redirectUris: ['http://127.0.0.1:9/callback'],
      })
      clientId = (client.json['client'] as { id: string }).id
    })
    after(async () => {
      await f.close()
      await receiver.stop()
    })

    const dispatcher = () => f.server.app.services.dispatcher
    const drain = async () => {
      await dispatcher().fanOut()
      return dispatcher().deliverDue()
    }
    const register = async (path: string, body: Record<string, unknown> = {}) => {
      const made = await f.op('POST', `/clients/${clientId}/webhooks`, {
        url: `${receiver.url}${path}`,
        ...body,
      })
      assert.equal(made.status, 201, JSON.stringify(made.json))
      const endpoint = made.json['endpoint'] as Endpoint
      const secret = made.json['secret'] as string
      await receiver.setSecrets(path, [secret])
      return { endpoint, secret }
    }
    const attempts = async (endpointId: string) =>
      (await f.op('GET', `/webhooks/${endpointId}/attempts`)).json['attempts'] as Attempt[]
    /** An organization.updated event, made through the operator API. */
    const rename = (name: string) => f.op('PATCH', `/orgs/${f.a.orgId}`, { name })

    it('delivers committed events, signed, verified by the standardwebhooks library', async () => {
      const { endpoint, secret } = await register('/ok', { eventTypes: ['organization.updated'] })
      assert.ok(secret.startsWith('whsec_'))
      const listed = await f.op('GET', `/clients/${clientId}/webhooks`)
      assert.ok(!JSON.stringify(listed.json).includes(secret), 'the secret is shown once')
      await rename('Renamed once')
      await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
        email: 'not-subscribed@example.test',
        role: 'member',
      })
      const result = await drain()
      assert.equal(result.delivered, 1)
      const [message] = await receiver.waitFor('/ok', 1)
      assert.equal(message?.verifiedBy, 0, 'the signature verifies')
      const body = JSON.parse(message?.body ?? '{}') as Record<string, unknown>
      assert.equal(body['type'], 'organization.updated')
      assert.equal((body['data'] as { name: string }).name, 'Renamed once')
      assert.equal(message?.headers['webhook-id'], body['id'])
      const log = await attempts(endpoint.id)
      assert.equal(log[0]?.status, 204)
      assert.equal(log[0]?.messageId, body['id'])
      assert.equal((await receiver.received('/ok')).length, 1, 'the user event was not sent')

      // Rotation: both secrets sign during the overlap; a receiver on either verifies.
      const rotated = await f.op('POST', `/webhooks/${endpoint.id}/rotate-secret`, {
        previousSecretValidSeconds: 3600,
      })
      const newSecret = rotated.json['secret'] as string
      assert.notEqual(newSecret, secret)
      await receiver.setSecrets('/ok', [secret])
      await rename('Renamed twice')
      await drain()
      await receiver.setSecrets('/ok', [newSecret])
      await rename('Renamed thrice')
      await drain()
      const [, old, fresh] = await receiver.waitFor('/ok', 3)
      assert.equal(old?.verifiedBy, 0, 'the old secret still verifies during the overlap')
      assert.equal(old?.headers['webhook-signature']?.split(' ').length, 2)
      assert.equal(fresh?.verifiedBy, 0, 'the new secret verifies')

      // Redelivery of the first event keeps its id; a test message is signed too.
      const redeliver = await f.op('POST', `/webhooks/${endpoint.id}/redeliver`, {
        eventId: body['id'],
      })
      assert.equal(redeliver.status, 202, JSON.stringify(redeliver.json))
      assert.equal(redeliver.json['messageId'], body['id'])
      const test = await f.op('POST', `/webhooks/${endpoint.id}/test`)
      assert.equal(test.status, 202)
      await dispatcher().deliverDue()
      const [, , , again, tested] = await receiver.waitFor('/ok', 5)
      assert.equal(again?.headers['webhook-id'], body['id'])
      assert.equal(JSON.parse(tested?.body ?? '{}')['type'], 'webhook.test')
      assert.equal(tested?.verifiedBy, 0)
      await f.op('DELETE', `/webhooks/${endpoint.id}`)
    })

    it('retries a 500 with backoff, then marks the endpoint failing and says so once', async () => {
      await receiver.setMode('/fail', 'fail')
      const { endpoint } = await register('/fail', { eventTypes: ['organization.updated'] })
      await register('/watch', { eventTypes: ['webhook_endpoint.failing'] })
      await rename('Failing 1')
      const first = await drain()
      assert.equal(first.retried, 1)
      assert.deepEqual(
        (await attempts(endpoint.id)).map((a) => [a.status, a.error]),
        [[500, 'HTTP 500']],
      )
      // The second try waits 5 s ± 20 %: not before 4 s, by 6 s.
      const now = clock.now()
      assert.ok(first.wakeAt !== null && first.wakeAt >= now + 4000 && first.wakeAt <= now + 6000)
      clock.advance(3900)
      assert.equal((await dispatcher().deliverDue()).retried, 0, 'not yet')
      clock.advance(2200)
      assert.equal((await dispatcher().deliverDue()).retried, 1, 'the second try')
      // Tries 3…8, each after its backoff (at most 24 h + 20 %).
      let last = { delivered: 0, retried: 0, failed: 0 }
      for (let attempt = 3; attempt <= 8; attempt++) {
        clock.advance(29 * 3600_000)
        last = await dispatcher().deliverDue()
      }
      assert.deepEqual([last.retried, last.failed], [0, 1], 'the eighth try was the last')
      assert.equal((await attempts(endpoint.id)).length, 8)
      // Back to the receiver's time: it checks the signed timestamp against its own clock.
      clock.set(Date.now())
      const failing = (await f.op('GET', `/webhooks/${endpoint.id}`)).json as unknown as Endpoint
      assert.ok(failing.failingSince !== null)
      // The operator hears of it: an event (to an endpoint that takes it, and in the log).
      await drain()
      const [report] = await receiver.waitFor('/watch', 1)
      assert.equal(report?.verifiedBy, 0)
      const reported = JSON.parse(report?.body ?? '{}') as Record<string, unknown>
      assert.equal(reported['type'], 'webhook_endpoint.failing')
      assert.equal((reported['data'] as { id: string }).id, endpoint.id)
      assert.equal(reported['organizationId'], null)
      // Healthy again with the next delivery that succeeds.
      await receiver.setMode('/fail', 'ok')
      await rename('Failing 2')
      assert.equal((await drain()).delivered, 1)
      const healthy = (await f.op('GET', `/webhooks/${endpoint.id}`)).json as unknown as Endpoint
      assert.equal(healthy.failingSince, null)
      const log = await f.op('GET', '/events?types=webhook_endpoint.failing')
      assert.equal((log.json['events'] as unknown[]).length, 1, 'reported once')
      for (const { id } of (await f.op('GET', `/clients/${clientId}/webhooks`)).json[
        'endpoints'
      ] as Endpoint[]) {
        await f.op('DELETE', `/webhooks/${id}`)
      }
    })

    it('bounds a receiver that never answers, answers 10 MB or redirects; sign-ins go on', async () => {
      await receiver.setMode('/hang', 'hang')
      await receiver.setMode('/huge', 'huge')
      await receiver.setMode('/redirect', 'redirect')
      const types = { eventTypes: ['organization.updated'] }
      const hang = await register('/hang', types)
      const huge = await register('/huge', types)
      const redirect = await register('/redirect', types)
      await rename('Bounded')
      await dispatcher().fanOut()
      // While a delivery waits on a dead receiver, sign-ins go on (deliveries run in the job runner).
      const [result, signedIn] = await Promise.all([
        dispatcher().deliverDue(),
        f.signIn(f.a.ownerEmail),
      ])
      assert.ok(signedIn.csrfToken)
      assert.deepEqual([result.delivered, result.retried], [1, 2])
      const [hung] = await attempts(hang.endpoint.id)
      assert.deepEqual([hung?.status, hung?.error], [null, 'timeout'])
      const [big] = await attempts(huge.endpoint.id)
      assert.equal(big?.status, 200, 'a 10 MB answer is read only in part, and delivers')
      const [moved] = await attempts(redirect.endpoint.id)
      assert.deepEqual([moved?.status, moved?.error], [302, 'HTTP 302'])
      assert.equal((await receiver.received('/redirect')).length, 1, 'the redirect not followed')
      for (const { endpoint } of [hang, huge, redirect]) {
        await f.op('DELETE', `/webhooks/${endpoint.id}`)
      }
    })

    it('two instances draining at once never send one delivery twice', async () => {
      await receiver.setMode('/slow', 'slow')
      const { endpoint } = await register('/slow', { eventTypes: ['organization.updated'] })
      const count = 24
      for (let i = 0; i < count; i++) await rename(`Concurrent ${i}`)
      // Two instances on PostgreSQL; on SQLite (one process by design: its driver is synchronous) two
      // drains of one instance interleave the same way at every await.
      const second =
        dialect === 'postgres' ? (await f.startAnother()).app.services.dispatcher : dispatcher()
      const dispatchers = [dispatcher(), second]
      await Promise.all(dispatchers.map((d) => d.fanOut()))
      const results = await Promise.all([
        ...dispatchers.map((d) => d.deliverDue()),
        ...dispatchers.map((d) => d.deliverDue()),
      ])
      assert.equal(
        results.reduce((sum, r) => sum + r.delivered, 0),
        count,
      )
      const got = await receiver.waitFor('/slow', count)
      const ids = got.map((m) => m.headers['webhook-id'])
      assert.equal(new Set(ids).size, count, 'each event once')
      assert.equal(got.length, count, 'nothing sent twice')
      assert.ok(got.every((m) => m.verifiedBy === 0))
      await f.op('DELETE', `/webhooks/${endpoint.id}`)
    })

    it('reads only the events an endpoint takes (and session.revoked), moving past the rest', async () => {
      await drain()
      const { endpoint } = await register('/only', { eventTypes: ['organization.updated'] })
      for (let i = 0; i < 3; i++) {
        await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
          email: `unowed-${i}@example.test`,
          role: 'member',
        })
      }
      await rename('Owed')
      const db = f.server.app.database.db
      const last = await db.selectFrom('event_counter').select('last').executeTakeFirstOrThrow()
      assert.equal((await dispatcher().fanOut()).events, 1, 'the three user events are not read')
      const cursor = await db
        .selectFrom('webhook_fanout')
        .select('last_seq')
        .executeTakeFirstOrThrow()
      assert.equal(Number(cursor.last_seq), Number(last.last), 'the cursor is past all four')
      assert.deepEqual(await dispatcher().fanOut(), { events: 0, deliveries: 0 })
      assert.equal((await dispatcher().deliverDue()).delivered, 1)
      const [message] = await receiver.waitFor('/only', 1)
      assert.equal(JSON.parse(message?.body ?? '{}')['data'].name, 'Owed')
      // An endpoint that takes every type is owed them all.
      const all = await register('/all')
      await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
        email: 'owed@example.test',
        role: 'member',
      })
      await rename('Owed twice')
      assert.equal((await dispatcher().fanOut()).events, 2)
      await f.op('DELETE', `/webhooks/${all.endpoint.id}`)
      await f.op('DELETE', `/webhooks/${endpoint.id}`)
      await drain()
    })

    it('a disabled endpoint keeps its deliveries until it is enabled again', async () => {
      const { endpoint } = await register('/paused', { eventTypes: ['organization.updated'] })
      await f.op('PATCH', `/webhooks/${endpoint.id}`, { enabled: false })
      await rename('While paused')
      await drain()
      assert.deepEqual(await attempts(endpoint.id), [], 'not tried while disabled')
      await f.op('PATCH', `/webhooks/${endpoint.id}`, { enabled: true })
      clock.advance(61_000) // a disabled endpoint's deliveries are looked at again every minute
      assert.equal((await dispatcher().deliverDue()).delivered, 1)
      const [message] = await receiver.waitFor('/paused', 1)
      assert.equal(JSON.parse(message?.body ?? '{}')['data'].name, 'While paused')
      await f.op('DELETE', `/webhooks/${endpoint.id}`)
    })

    it('refuses bad input with stable codes and changes nothing', async () => {
      const bad = async (body: Record<string, unknown>, code: string) => {
        const result = await f.op('POST', `/clients/${clientId}/webhooks`, body)
        assert.equal(result.status, 400, JSON.stringify(result.json))
        assert.equal(errorOf(result), code)
      }
      await bad({ url: 'ftp://example.test/hook' }, 'webhook.invalid_url')
      await bad({ url: 'http://example.test/hook' }, 'webhook.invalid_url')
      await bad({ url: 'https://user:pw@example.test/hook' }, 'webhook.invalid_url')
      await bad(
        { url: 'https://example.test/hook', eventTypes: ['user.exploded'] },
        'event.unknown_type',
      )
      const missing = await f.op('POST', '/clients/nope/webhooks', { url: 'https://example.test' })
      assert.equal(errorOf(missing), 'client.not_found')
      const redeliver = await f.op('POST', '/webhooks/nope/redeliver', {
        eventId: 'evt_0000000000000001',
      })
      assert.equal(errorOf(redeliver), 'webhook.not_found')

      // Without WEBHOOK_ALLOW_PRIVATE_ADDRESSES: an internal address is refused when registered,
      // and a delivery to one fails at the address actually connected to.
      const store = createStore(f.server.app.database)
      const secrets = createSecretBox(undefined)
      const strict = new WebhookService({ store, clock, secrets, allowPrivate: false })
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'https://10.0.0.7/hook',
        'https://[::1]/hook',
        'http://localhost/hook',
        'https://169.254.169.254/latest',
      ]) {
        await assert.rejects(
          strict.create(clientId, { url }, CLI),
          { code: 'webhook.invalid_url' },
          url,
        )
      }
    })
  })
}
