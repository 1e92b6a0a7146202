/**
 * The work gate bounds concurrent work, refuses beyond its queue, and is fair between sources: each holds
 * at most its share of slots and queue places, waiting sources take turns, and a full queue makes room
 * for a newcomer at the expense of the source holding the most (issue 21 item 2).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { WorkGate, WorkGateFull, type WorkGateLimits } from '../../../src/platform/work-gate.ts'

const tick = () => new Promise((resolve) => setImmediate(resolve))
const OPEN: WorkGateLimits = {
  concurrency: 2,
  maxWaiting: 100,
  perSourceRunning: 2,
  perSourceWaiting: 100,
}

/** Work that runs until released. */
function held() {
  let release = () => {}
  const done = new Promise<void>((resolve) => (release = resolve))
  return { work: () => done, release }
}

/** How work through the gate ended: done, or refused (WorkGateFull). */
function settled(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'done',
    (error: unknown) => (error instanceof WorkGateFull ? 'refused' : 'other'),
  )
}

describe('WorkGate', () => {
  it('never runs more than its concurrency, and starts one source’s work in arrival order', async () => {
    const gate = new WorkGate(OPEN)
    let running = 0
    let peak = 0
    const started: number[] = []
    const jobs = Array.from({ length: 12 }, (_, i) =>
      gate.run('a', async () => {
        started.push(i)
        running++
        peak = Math.max(peak, running)
        await tick()
        await tick()
        running--
        return i
      }),
    )
    assert.deepEqual(await Promise.all(jobs), [...Array(12).keys()])
    assert.equal(peak, 2)
    assert.deepEqual(started, [...Array(12).keys()])
    assert.equal(gate.running, 0)
    assert.equal(gate.waiting, 0)
  })

  it('refuses at once when the queue is full, and frees its slot when work fails', async () => {
    const gate = new WorkGate({ ...OPEN, concurrency: 1, maxWaiting: 1 })
    const first = held()
    const running = gate.run('a', first.work)
    const second = gate.run('a', async () => 'second')
    await assert.rejects(
      gate.run('a', async () => 'third'),
      WorkGateFull,
    )
    assert.equal(gate.waiting, 1)
    first.release()
    await running
    assert.equal(await second, 'second')
    await assert.rejects(
      gate.run('a', async () => {
        throw new Error('boom')
      }),
      /boom/,
    )
    assert.equal(await gate.run('a', async () => 'after'), 'after')
    assert.equal(gate.running, 0)
  })

  it('holds each source to its share of slots and of the queue', async () => {
    const gate = new WorkGate({
      concurrency: 2,
      maxWaiting: 64,
      perSourceRunning: 1,
      perSourceWaiting: 3,
    })
    const blocker = held()
    const flood = Array.from({ length: 10 }, () => settled(gate.run('attacker', blocker.work)))
    await tick()
    assert.equal(gate.running, 1, 'one slot for the source; the other stays free')
    assert.equal(gate.waiting, 3)
    // Another source starts at once on the free slot.
    assert.equal(await gate.run('user', async () => 'in'), 'in')
    blocker.release()
    const outcomes = await Promise.all(flood)
    assert.equal(outcomes.filter((o) => o === 'done').length, 4)
    assert.equal(outcomes.filter((o) => o === 'refused').length, 6)
  })

  it('lets waiting sources take turns', async () => {
    const gate = new WorkGate({ ...OPEN, concurrency: 1, perSourceRunning: 1 })
    const first = held()
    const order: string[] = []
    const running = gate.run('a', first.work)
    const jobs = [
      ...['a1', 'a2', 'a3'].map((name) => gate.run('a', async () => order.push(name))),
      gate.run('b', async () => order.push('b1')),
      gate.run('c', async () => order.push('c1')),
    ]
    first.release()
    await running
    await Promise.all(jobs)
    assert.deepEqual(order, ['a1', 'b1', 'c1', 'a2', 'a3'])
  })

  it('makes room in a full queue by refusing the newest place of the heaviest source', async () => {
    const gate = new WorkGate({
      concurrency: 1,
      maxWaiting: 4,
      perSourceRunning: 1,
      perSourceWaiting: 4,
    })
    const first = held()
    const running = gate.run('a', first.work)
    const fromA = [1, 2, 3, 4].map(() => settled(gate.run('a', async () => undefined)))
    await tick()
    assert.equal(gate.waiting, 4, 'the queue is full, all of it source a')
    const fromB = settled(gate.run('b', async () => undefined))
    assert.equal(gate.waiting, 4)
    first.release()
    await running
    assert.equal(await fromB, 'done', 'the newcomer got a place')
    assert.deepEqual(await Promise.all(fromA), ['done', 'done', 'done', 'refused'])
    // Sources that hold no more than the newcomer would are not evicted for it.
    const fair = new WorkGate({
      concurrency: 1,
      maxWaiting: 2,
      perSourceRunning: 1,
      perSourceWaiting: 4,
    })
    const again = held()
    const busy = fair.run('x', again.work)
    const queued = [
      settled(fair.run('x', async () => undefined)),
      settled(fair.run('y', async () => undefined)),
    ]
    await tick()
    assert.equal(await settled(fair.run('z', async () => undefined)), 'refused')
    again.release()
    await busy
    assert.deepEqual(await Promise.all(queued), ['done', 'done'])
    assert.equal(fair.running + fair.waiting, 0)
    assert.equal(gate.running + gate.waiting, 0)
  })
})
