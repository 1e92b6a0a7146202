/**
 * The event log's storage contract on both engines (issue 24): a transaction's events are numbered as it
 * commits, after any transaction that numbered before it has committed — a writer holding the counter
 * makes the next one wait — so numbers follow commit order; a rolled-back transaction leaves no event;
 * the sweep removes old events only.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { NewEvent } from '../../src/events/event.ts'
import { createStore } from '../../src/storage/store.ts'
import { SQLEventRepository } from '../../src/storage/repositories/event-repository.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const event = (orgId: string, at: number): NewEvent => ({
  type: 'organization.updated',
  orgId,
  occurredAt: at,
  actor: { type: 'system', id: 'test' },
  data: { id: orgId },
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: event log storage`, () => {
    let t: OpenedTestDatabase
    before(async () => {
      t = await openTestDatabase(dialect)
    })
    after(() => t.close())
    const seqs = async (orgId: string) =>
      (await t.store.read.events.list({ orgId, limit: 100 })).map((e) => e.seq)

    it('numbers in commit order: a second writer waits for the first to commit', async () => {
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let numbered!: () => void
      const firstNumbered = new Promise<void>((resolve) => (numbered = resolve))
      const first = t.database.transaction(async (trx) => {
        const events = new SQLEventRepository(trx, t.database, true)
        await events.append(event('order', 1))
        await events.flush()
        numbered()
        await held
      })
      await firstNumbered
      const second = createStore(t.database).transaction(async ({ events }) => {
        await events.append(event('order', 2))
      })
      if (dialect === 'postgres') {
        // The second is blocked on the counter row until the first commits.
        await new Promise((resolve) => setTimeout(resolve, 200))
        assert.deepEqual(await seqs('order'), [], 'nothing visible before a commit')
      }
      release()
      await first
      await second
      const numbers = await seqs('order')
      assert.equal(numbers.length, 2)
      assert.equal((numbers[1] ?? 0) - (numbers[0] ?? 0), 1)
      const rows = await t.store.read.events.list({ orgId: 'order', limit: 10 })
      assert.deepEqual(
        rows.map((r) => r.occurredAt),
        [1, 2],
        'the first to commit has the lower number',
      )
    })

    it('writes nothing for a transaction that rolls back, and numbers on without reuse', async () => {
      await assert.rejects(
        createStore(t.database).transaction(async ({ events }) => {
          await events.append(event('rollback', 1))
          throw new Error('changed my mind')
        }),
      )
      assert.deepEqual(await seqs('rollback'), [])
      await t.store.read.events.append(event('rollback', 2))
      assert.equal((await seqs('rollback')).length, 1)
    })

    it('sweeps events older than the cut-off only', async () => {
      await t.store.read.events.append(event('sweep', 1000))
      await t.store.read.events.append(event('sweep', 5000))
      const swept = await t.store.read.events.sweep(2000)
      assert.ok(swept >= 1)
      const left = await t.store.read.events.list({ orgId: 'sweep', limit: 10 })
      assert.deepEqual(
        left.map((e) => e.occurredAt),
        [5000],
      )
    })
  })
}
