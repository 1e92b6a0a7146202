/**
 * relieveHeap: a full collection once the heap has grown by its step since the last one it asked for,
 * none before, and nothing at all in a process started without --expose-gc. Each case runs in its own
 * Node process (the flag is the process's); V8's `gc` is wrapped there to count the calls.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../../helpers/processes.ts'

const SCRIPT = `
const real = globalThis.gc
let calls = 0
if (real) globalThis.gc = (options) => { calls++; return real(options) }
const { relieveHeap } = await import(${JSON.stringify(join(ROOT, 'src/platform/heap.ts'))})
const { getHeapStatistics } = await import('node:v8')
const MiB = 1024 * 1024
const counts = []
relieveHeap(8 * MiB)
counts.push(calls)
let held = []
for (let i = 0; i < 24; i++) held.push(new Array(MiB / 8).fill(i))
const grown = getHeapStatistics().used_heap_size
held = []
relieveHeap(8 * MiB)
counts.push(calls)
const after = getHeapStatistics().used_heap_size
relieveHeap(8 * MiB)
counts.push(calls)
process.stdout.write(JSON.stringify({ counts, freed: grown - after }))
`

function run(flags: string[]): { counts: number[]; freed: number } {
  const child = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', SCRIPT], {
    encoding: 'utf8',
  })
  assert.equal(child.status, 0, child.stderr)
  return JSON.parse(child.stdout) as { counts: number[]; freed: number }
}

describe('relieveHeap', () => {
  it('collects once the heap has grown by the step, and not again until it grows again', () => {
    const { counts, freed } = run(['--expose-gc'])
    // Nothing grown yet; 24 MiB of garbage later it collects; then the heap is where it left it.
    assert.deepEqual(counts, [0, 1, 1])
    assert.ok(freed > 16 * 1024 * 1024, `freed ${freed} bytes`)
  })

  it('does nothing in a process started without --expose-gc', () => {
    assert.deepEqual(run([]).counts, [0, 0, 0])
  })
})
