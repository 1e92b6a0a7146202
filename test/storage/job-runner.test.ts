/**
 * The job runner on each engine: a run that outlives its budget is told to stop and its lease released
 * (the job is due again, other jobs run); the lease is renewed while a run lasts and taken over soon after
 * a holder dies; stopping returns within the grace whatever a job does.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { JobRunner, type Job } from '../../src/services/organization/job-runner.ts'
import { ManualClock } from '../../src/platform/clock.ts'
import { createLogger } from '../../src/platform/log.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const HOUR = 3600_000

for (const dialect of DIALECTS) {
  describe(`${dialect}: job runner`, () => {
    let t: OpenedTestDatabase
    before(async () => {
      t = await openTestDatabase(dialect)
    })
    after(() => t.close())
    const runner = (jobs: Job[], clock = new ManualClock(Date.now()), leaseMs = 60_000) =>
      new JobRunner({
        store: t.store,
        clock,
        logger: createLogger('silent'),
        jobs,
        leaseMs,
        stopGraceMs: 100,
      })
    const lease = (name: string) =>
      t.database.db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst()

    it('stops a run at its budget, releases the lease and goes on to the next job', async () => {
      let stopped = false
      const slow: Job = {
        name: 'slow',
        intervalMs: HOUR,
        budgetMs: 50,
        run: ({ signal }) =>
          new Promise((resolve) =>
            signal.addEventListener('abort', () => resolve((stopped = true)), { once: true }),
          ),
      }
      const quick: Job = { name: 'quick', intervalMs: HOUR, budgetMs: 1000, run: async () => 'ok' }
      const jobs = runner([slow, quick])
      assert.deepEqual(await jobs.tick(), ['quick'])
      assert.equal(stopped, true)
      const row = await lease('slow')
      assert.equal(row?.holder, null)
      assert.equal(row?.last_finished_at, null, 'not finished: due again at the next poll')
      let again = false
      assert.deepEqual(
        await runner([{ ...quick, name: 'slow', run: async () => (again = true) }]).tick(),
        ['slow'],
      )
      assert.equal(again, true)
    })

    it('does not wait for a run that ignores being stopped', async () => {
      const stuck: Job = {
        name: 'stuck',
        intervalMs: HOUR,
        budgetMs: 30,
        run: () => new Promise(() => undefined),
      }
      assert.deepEqual(await runner([stuck]).tick(), [])
      assert.equal((await lease('stuck'))?.holder, null)
    })

    it('renews the lease while a run lasts, so nobody else takes it', async () => {
      const clock = new ManualClock(Date.now())
      let release: (value: unknown) => void = () => undefined
      const long: Job = {
        name: 'long',
        intervalMs: HOUR,
        budgetMs: 60_000,
        run: () => new Promise((resolve) => (release = resolve)),
      }
      const first = runner([long], clock, 300)
      const ticking = first.tick()
      await new Promise((resolve) => setTimeout(resolve, 50))
      const before = Number((await lease('long'))?.lease_until)
      clock.advance(1000)
      await new Promise((resolve) => setTimeout(resolve, 250))
      const renewed = Number((await lease('long'))?.lease_until)
      assert.ok(renewed > before, `lease renewed (${before} → ${renewed})`)
      // Another instance, at a time the first lease alone would have run out, cannot take it.
      const other = runner([{ ...long, run: async () => 'stolen' }], clock, 300)
      assert.deepEqual(await other.tick(), [])
      release('done')
      assert.deepEqual(await ticking, ['long'])
    })

    it('lets another instance take over within a lease of a holder that died', async () => {
      const clock = new ManualClock(Date.now())
      const now = clock.now()
      // A holder that died mid-run: its lease, never renewed again, ends within leaseMs.
      assert.equal(
        await t.store.read.jobLeases.tryAcquire('orphan', 'dead', now, now + 60_000, now),
        true,
      )
      const job: Job = { name: 'orphan', intervalMs: HOUR, budgetMs: 1000, run: async () => 'ok' }
      assert.deepEqual(await runner([job], clock).tick(), [])
      clock.advance(60_000)
      assert.deepEqual(await runner([job], clock).tick(), ['orphan'])
    })

    it('polls again when a held lease runs out, not at its next poll (a holder that died)', async () => {
      const clock = new ManualClock(Date.now())
      const now = clock.now()
      // The dead holder's lease runs out 300 ms from now; this runner polls once an hour.
      await t.store.read.jobLeases.tryAcquire('resumed', 'dead', now, now + 300, now)
      let ran = false
      const jobs = runner(
        [{ name: 'resumed', intervalMs: 0, budgetMs: 1000, run: async () => (ran = true) }],
        clock,
      )
      jobs.start(HOUR)
      await new Promise((resolve) => setTimeout(resolve, 100))
      assert.equal(ran, false, 'the lease is still held at the first poll')
      clock.advance(300)
      for (let i = 0; i < 100 && !ran; i++) await new Promise((resolve) => setTimeout(resolve, 20))
      await jobs.stop()
      assert.equal(ran, true, 'taken over when the lease ran out')
    })

    it('runs only the jobs a nudge names (a commit with events wakes the webhook jobs alone)', async () => {
      const runs: string[] = []
      const job = (name: string): Job => ({
        name,
        intervalMs: 0,
        budgetMs: 1000,
        run: async () => void runs.push(name),
      })
      const jobs = runner([job('nudge-a'), job('nudge-b'), job('nudge-c')])
      jobs.start(HOUR)
      for (let i = 0; i < 100 && runs.length < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      runs.length = 0
      jobs.nudge(['nudge-b'])
      jobs.nudge(['nudge-c']) // while the first runs: queued, and only it
      for (let i = 0; i < 100 && runs.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await jobs.stop()
      assert.deepEqual(runs.sort(), ['nudge-b', 'nudge-c'])
    })

    it('stops within the grace while a job runs', async () => {
      const never: Job = {
        name: 'never',
        intervalMs: HOUR,
        budgetMs: 60_000,
        run: () => new Promise(() => undefined),
      }
      const jobs = runner([never])
      jobs.start(10)
      await new Promise((resolve) => setTimeout(resolve, 50))
      await jobs.stop()
      assert.equal((await lease('never'))?.holder, null)
    })
  })
}
