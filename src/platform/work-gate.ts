/**
 * A bound on how much of one kind of CPU-heavy work runs at once in this process (argon2 password
 * hashing): at most `concurrency` run, later ones wait in arrival order, and when `maxWaiting` already
 * wait a new one is refused at once — a burst queues instead of thrashing the cores, and an overload
 * answers "try again" fast instead of timing out.
 */

export class WorkGateFull extends Error {
  override readonly name = 'WorkGateFull'
}

export class WorkGate {
  readonly concurrency: number
  readonly maxWaiting: number
  #running = 0
  readonly #waiting: (() => void)[] = []

  constructor(concurrency: number, maxWaiting: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency ≥ 1')
    this.concurrency = concurrency
    this.maxWaiting = maxWaiting
  }

  /** How many wait now (a metric). */
  get waiting(): number {
    return this.#waiting.length
  }

  get running(): number {
    return this.#running
  }

  /** Runs `work` when a slot is free; throws WorkGateFull when too many already wait. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxWaiting) throw new WorkGateFull()
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else {
      this.#running++
    }
    try {
      return await work()
    } finally {
      const next = this.#waiting.shift()
      // The slot passes straight to the next in line (running stays the same), or frees up.
      if (next === undefined) this.#running--
      else next()
    }
  }
}
