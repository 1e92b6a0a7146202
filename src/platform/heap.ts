/**
 * A bulk job's pause between batches, and keeping its heap near what it holds. An import promotes each
 * batch's short-lived objects (they outlive two young collections while the batch runs) into V8's old
 * space, which then grows by hundreds of MiB of garbage before V8 collects it. A job that knows it is
 * between batches can ask for a full collection once the heap has grown by `step` since the last one —
 * when the process was started with `--expose-gc` (`npm start`, the image and the systemd unit are);
 * without it this does nothing.
 */
import { setImmediate } from 'node:timers/promises'
import { getHeapStatistics } from 'node:v8'

type Collect = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => unknown

const collect = (globalThis as { gc?: Collect }).gc

/** Heap size in use after the last collection this module asked for (at first, when it was loaded). */
let settled = collect === undefined ? 0 : getHeapStatistics().used_heap_size

export function relieveHeap(step = 16 * 1024 * 1024): void {
  if (collect === undefined) return
  const used = getHeapStatistics().used_heap_size
  if (used < settled + step) return
  collect({ type: 'major' })
  settled = getHeapStatistics().used_heap_size
}

/**
 * Between two batches of a bulk job: other requests get a turn (node:sqlite calls are synchronous, so
 * a job would otherwise hold this instance until it ends), then the heap is relieved.
 */
export async function betweenBatches(): Promise<void> {
  await setImmediate()
  relieveHeap()
}
