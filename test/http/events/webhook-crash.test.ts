/**
 * A delivery survives a crash (issue 24): a real server process is killed with SIGKILL while it waits
 * on a receiver in the middle of a delivery; once the delivery's lease has run out an instance started
 * again delivers it — the same `webhook-id`, verified by the receiver — and nothing is lost.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { openApp } from '../../../src/main.ts'
import { ManualClock } from '../../../src/platform/clock.ts'
import { testConfig } from '../../helpers/config.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.ts'
import { startServerProcess, type ServerProcess } from '../../helpers/processes.ts'
import { startReceiver, type Receiver } from '../../helpers/receiver-process.ts'

const CLI = { type: 'operator', id: 'cli' } as const
const ENV = { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOK_TIMEOUT_SECONDS: '30' }

for (const engine of DIALECTS) {
  describe(`${engine}: a webhook delivery across a crash`, () => {
    let target: TestDatabase
    let receiver: Receiver
    let server: ServerProcess | undefined
    before(async () => {
      target = await createTestDatabase(engine)
      receiver = await startReceiver()
    })
    after(async () => {
      await server?.stop('SIGKILL')
      await receiver.stop()
      await target.drop()
    })

    it('is delivered later when the instance dies holding it', async () => {
      const setup = await openApp(testConfig(target.url, ENV))
      const { services } = setup
      const org = await services.orgs.createOrganization(
        { name: 'Crash Co', adminEmail: 'owner@crash.test' },
        CLI,
      )
      const { clientId } = await services.clients.createClient({
        name: 'Console',
        redirectUris: ['http://127.0.0.1:9/callback'],
        confidential: false,
      })
      const made = await services.webhooks.create(
        clientId,
        { url: `${receiver.url}/hang-once`, eventTypes: ['organization.updated'] },
        CLI,
      )
      const { secret: token } = await services.operatorTokens.create('console', undefined, CLI)
      await setup.close()
      await receiver.setSecrets('/hang-once', [made.secret])
      await receiver.setMode('/hang-once', 'hang-once')

      server = await startServerProcess({ DATABASE_URL: target.url, ...ENV })
      const renamed = await fetch(`${server.url}/api/v1/operator/orgs/${org.organizationId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Crash Co renamed' }),
      })
      assert.equal(renamed.status, 200)
      // The process is now waiting on the receiver, which does not answer: kill it there.
      const [first] = await receiver.waitFor('/hang-once', 1)
      await server.stop('SIGKILL')
      server = undefined

      // Started again after the lease (2 × 30 s + 5 s) ran out: the delivery goes out, the same message.
      const clock = new ManualClock(Date.now() + 70_000)
      const again = await openApp(testConfig(target.url, ENV), { clock })
      try {
        const result = await again.services.dispatcher.deliverDue()
        assert.equal(result.delivered, 1)
        const [, second] = await receiver.waitFor('/hang-once', 2)
        assert.equal(second?.headers['webhook-id'], first?.headers['webhook-id'])
        assert.equal(first?.verifiedBy, 0)
        assert.equal(second?.verifiedBy, 0)
        assert.equal(JSON.parse(second?.body ?? '{}')['type'], 'organization.updated')
        assert.equal((await again.services.dispatcher.deliverDue()).delivered, 0, 'once')
      } finally {
        await again.close()
      }
    })
  })
}
