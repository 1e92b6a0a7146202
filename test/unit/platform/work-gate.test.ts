/** The work gate bounds concurrent work, keeps arrival order, and refuses beyond its queue. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { WorkGate, WorkGateFull } from '../../../src/platform/work-gate.ts'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('WorkGate', () => {
  it('never runs more than its concurrency, and starts waiting work in arrival order', async () => {
    const gate = new WorkGate(2, 100)
    let running = 0
    let peak = 0
    const started: number[] = []
    const jobs = Array.from({ length: 12 }, (_, i) =>
      gate.run(async () => {
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
    const gate = new WorkGate(1, 1)
    let release = () => {}
    const first = gate.run(() => new Promise<void>((resolve) => (release = resolve)))
    const second = gate.run(async () => 'second')
    await assert.rejects(
      gate.run(async () => 'third'),
      WorkGateFull,
    )
    assert.equal(gate.waiting, 1)
    release()
    await first
    assert.equal(await second, 'second')
    await assert.rejects(
      gate.run(async () => {
        throw new Error('boom')
      }),
      /boom/,
    )
    assert.equal(await gate.run(async () => 'after'), 'after')
    assert.equal(gate.running, 0)
  })
})
